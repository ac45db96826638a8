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
 * Runs before the input dialog (SciJava's InputHarvester) for the INR commands only. The internal input
 * {@code show_results} never goes into the dialog. When an ImageJ 1.x macro runs the command
 * ({@code run("Fit Signal (BW-ReLU)", "epochs=300")}), imagej-legacy's MacroPreprocessor has set the keys the
 * macro gives; every other input keeps its default, as an ImageJ 1.x GenericDialog does in a macro, so no
 * dialog opens even with a display (without this, the harvester asked for every key the macro left out). A
 * script that gives some inputs ({@code command.run(FitCommand.class, true, "epochs", 300)}) is treated alike.
 */
@Plugin(type = PreprocessorPlugin.class, priority = Priority.LOW)
public class MacroInputs extends AbstractPreprocessorPlugin {
    @Override
    public void process(Module module) {
        if (!(module.getDelegateObject() instanceof InrCommand)) return;
        if (module.getInfo().getInput("show_results") != null) module.resolveInput("show_results");
        if (fromMacro()) {
            String options = Macro.getOptions();
            for (ModuleItem<?> item : module.getInfo().inputs()) {
                // an image the macro does not name is not one imagej-legacy's active-image filling may choose: the
                // input then is the macro's current image, and an optional second image (ground truth) stays unset
                if (item.getType() == ij.ImagePlus.class && Macro.getValue(options, item.getName(), null) == null) module.setInput(item.getName(), null);
                if (!module.isInputResolved(item.getName())) module.resolveInput(item.getName());
            }
        } else if (givenByCaller(module)) {
            // a script's command.run(FitCommand, true, "epochs", 300, ...): the same rule as a macro's keys
            for (ModuleItem<?> item : module.getInfo().inputs()) {
                if (!module.isInputResolved(item.getName())) module.resolveInput(item.getName());
            }
        }
    }

    /**
     * True when the caller set some of the command's own inputs (a script through CommandService with an input
     * map): from the menu, only services and the active image (imagej-legacy) are filled before the dialog.
     */
    static boolean givenByCaller(Module module) {
        for (ModuleItem<?> item : module.getInfo().inputs()) {
            Class<?> t = item.getType();
            if (org.scijava.service.Service.class.isAssignableFrom(t) || t == org.scijava.Context.class || t == ij.ImagePlus.class) continue;
            if (item.getName().equals("show_results")) continue;
            if (module.isInputResolved(item.getName())) return true;
        }
        return false;
    }

    /** True on the thread of a macro's run(...) call: ImageJ keeps macro options per thread (imagej-legacy names it Run$_...). */
    static boolean fromMacro() {
        try {
            return IJ.isMacro() && Macro.getOptions() != null;
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
