package io.github.reluinr.imagej;

import ij.IJ;
import ij.Macro;
import org.scijava.Priority;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.process.AbstractPreprocessorPlugin;
import org.scijava.module.process.PreprocessorPlugin;
import org.scijava.plugin.Plugin;

/**
 * Runs before the input dialog (SciJava's InputHarvester) for the INR commands
 * (and Render INR) only. The internal input {@code show_results} never goes
 * into the dialog. When an ImageJ 1.x macro runs the command
 * ({@code run("Fit Signal (BW-ReLU)", "epochs=300")}), imagej-legacy's
 * MacroPreprocessor has set the keys the macro gives; every other input keeps
 * its default, as an ImageJ 1.x GenericDialog does in a macro, so no dialog
 * opens even with a display (without this, the harvester asked for every key
 * the macro left out). A script that gives some inputs
 * ({@code command.run(FitCommand.class, true, "epochs", 300)}) is treated
 * alike.
 */
@Plugin(type = PreprocessorPlugin.class, priority = Priority.LOW)
public class MacroInputs extends AbstractPreprocessorPlugin {

	@Override
	public void process(Module module) {
		Object command = module.getDelegateObject();
		if (!(command instanceof InrCommand)
				&& !(command instanceof RenderCommand))
			return;
		if (module.getInfo().getInput("show_results") != null)
			module.resolveInput("show_results");
		if (fromMacro()) {
			String options = Macro.getOptions();
			for (ModuleItem<?> item : module.getInfo().inputs()) {
				// an image the macro does not name is not one imagej-legacy's active-image filling may choose: the
				// input then is the macro's current image, and an optional second image (ground truth) stays unset
				if (item.getType() == ij.ImagePlus.class && Macro
						.getValue(options, item.getName(), null) == null)
					module.setInput(item.getName(), null);
				if (!module.isInputResolved(item.getName()))
					module.resolveInput(item.getName());
			}
		}
		else if (givenByCaller(module)) {
			// a script's command.run(FitCommand, true, "epochs", 300, ...): the same rule as a macro's keys
			for (ModuleItem<?> item : module.getInfo().inputs()) {
				if (!module.isInputResolved(item.getName()))
					module.resolveInput(item.getName());
			}
		}
		else if (command instanceof InrCommand inr) {
			prepareDialog(module, inr);
		}
	}

	/**
	 * The image to offer first: the active one unless it is a plot (the live
	 * training plot or PSNR curves of the last run are image windows too), then
	 * the most recent image that is not a plot.
	 */
	static ij.ImagePlus notAPlot(ij.ImagePlus active) {
		if (active == null
				|| active.getProperty(ij.gui.Plot.PROPERTY_KEY) == null)
			return active;
		int[] ids = ij.WindowManager.getIDList();
		if (ids != null) {
			for (int i = ids.length - 1; i >= 0; i--) {
				ij.ImagePlus imp = ij.WindowManager.getImage(ids[i]);
				if (imp != null
						&& imp.getProperty(ij.gui.Plot.PROPERTY_KEY) == null)
					return imp;
			}
		}
		return active;
	}

	/** Inputs that stay macro and script keys but are not in the dialog. */
	static final java.util.List<String> NOT_IN_DIALOG = java.util.List.of(
			"input_file", // the dialog names the image by title
			"ground_truth", // super-resolution: an open image as ground truth is a macro key; the dialog offers the file
			"activation", "omega0", "sigma0"); // the BW-ReLU commands train BW-ReLU; Compare INRs has its methods list

	/**
	 * The dialog from the menu: the image by title first (imagej-legacy had
	 * filled it with the active image and so left it out of the dialog), the
	 * time the run takes on it, no internal or ignored field.
	 */
	static void prepareDialog(Module module, InrCommand command) {
		if (module.getInfo().getInput("image") != null) {
			Object given = module.getInput("image");
			ij.ImagePlus active = given instanceof ij.ImagePlus imp
					? imp
					: ij.WindowManager.getCurrentImage();
			module.setInput("image", notAPlot(active));
			if (module.getInput("image") != null)
				module.unresolveInput("image");
		}
		for (String name : NOT_IN_DIALOG) {
			if (module.getInfo().getInput(name) != null)
				module.resolveInput(name);
		}
		if (command instanceof SelectCCommand
				&& module.getInfo().getInput("c") != null)
			module.resolveInput("c"); // c_values instead
		if (command instanceof CompareCommand) { // each method brings its own lr and c (Appendix D)
			for (String name : java.util.List.of("c", "lr"))
				if (module.getInfo().getInput(name) != null)
					module.resolveInput(name);
		}
		DialogOrder.apply(module.getInfo(), command.leadingInputs());
		command.showDefaults(); // the settings not given, at the values they resolve to for the task
		command.updateEstimate();
	}

	/**
	 * True when the caller set some of the command's own inputs (a script
	 * through CommandService with an input map): from the menu, only services
	 * and the active image (imagej-legacy) are filled before the dialog.
	 */
	static boolean givenByCaller(Module module) {
		for (ModuleItem<?> item : module.getInfo().inputs()) {
			Class<?> t = item.getType();
			if (org.scijava.service.Service.class.isAssignableFrom(t)
					|| t == org.scijava.Context.class
					|| t == ij.ImagePlus.class)
				continue;
			if (item.getName().equals("show_results")) continue;
			if (module.isInputResolved(item.getName())) return true;
		}
		return false;
	}

	/**
	 * True on the thread of a macro's run(...) call: ImageJ keeps macro options
	 * per thread (imagej-legacy names it Run$_...).
	 */
	static boolean fromMacro() {
		try {
			return IJ.isMacro() && Macro.getOptions() != null;
		}
		catch (RuntimeException | LinkageError e) {
			return false;
		}
	}
}
