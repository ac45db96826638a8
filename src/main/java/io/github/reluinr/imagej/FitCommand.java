package io.github.reluinr.imagej;

import io.github.reluinr.task.FitTask;
import io.github.reluinr.task.Image2D;
import io.github.reluinr.task.TaskResult;
import io.github.reluinr.train.TrainingConfig;
import io.github.reluinr.train.TrainingListener;
import java.util.function.BooleanSupplier;
import org.scijava.command.Command;
import org.scijava.plugin.Plugin;

/** Fits a BW-ReLU network to the image itself: f(x, y) ~ pixel value. */
@Plugin(type = Command.class, menuPath = InrCommand.MENU + "Fit Signal (BW-ReLU)", headless = true,
        label = "Fit Signal (BW-ReLU)", description = "Represent the image as a BW-ReLU network of its pixel coordinates")
public class FitCommand extends InrCommand {
    @Override
    protected String task() {
        return "fit";
    }

    @Override
    protected TrainingConfig defaults() {
        return TrainingConfig.fit();
    }

    @Override
    protected TaskResult runTask(Image2D plane, TrainingConfig config, TrainingListener listener, BooleanSupplier cancelled) {
        return FitTask.run(plane, config, listener, cancelled);
    }
}
