package io.github.reluinr.imagej;

import org.scijava.Priority;
import org.scijava.module.Module;
import org.scijava.module.process.AbstractPostprocessorPlugin;
import org.scijava.module.process.PostprocessorPlugin;
import org.scijava.plugin.Plugin;

/**
 * The INR commands' {@code metrics} output (an ImageJ 1.x ResultsTable, read by
 * scripts) is shown by the command itself as the "INR Metrics" table. Marking
 * it resolved before SciJava's DisplayPostprocessor keeps that from logging
 * "Ignoring unsupported output: Metrics [ij.measure.ResultsTable]" on every
 * run, since no SciJava display takes an IJ1 table; the value stays readable
 * from the module.
 */
@Plugin(type = PostprocessorPlugin.class, priority = Priority.VERY_HIGH)
public class MetricsOutput extends AbstractPostprocessorPlugin {

	@Override
	public void process(Module module) {
		if (!(module.getDelegateObject() instanceof InrCommand)
				&& !(module.getDelegateObject() instanceof VolumeCommand))
			return;
		if (module.getInfo().getOutput("metrics") != null)
			module.resolveOutput("metrics");
	}
}
