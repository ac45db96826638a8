package io.github.reluinr.imagej;

import java.util.Map;
import org.scijava.command.Command;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;

/**
 * Headless runs with the code's defaults. SciJava stores the last value of every persisted parameter
 * (Java preferences, shared by Fiji, the command line and tests) and loads it for each input that the
 * caller leaves out; a scripted run then depends on whatever ran before (a test that set device = gpu,
 * a dialog left at 20 epochs). An input given in the inputs map is never loaded, so this fills every
 * persisted input the caller did not give with the value a freshly constructed command holds.
 */
public final class CodeDefaults {
    private CodeDefaults() {}

    /** Adds to {@code inputs} the code default of each persisted input it lacks; returns inputs. */
    public static Map<String, Object> fill(CommandService commands, Class<? extends Command> type, Map<String, Object> inputs) {
        CommandInfo info = commands.getCommand(type);
        if (info == null) throw new IllegalArgumentException("not a registered command: " + type.getName());
        Module fresh;
        try {
            fresh = info.createModule();
        } catch (org.scijava.module.ModuleException e) {
            throw new IllegalStateException("cannot create " + type.getName(), e);
        }
        for (ModuleItem<?> item : info.inputs()) {
            if (!item.isPersisted() || inputs.containsKey(item.getName())) continue;
            Object value = fresh.getInput(item.getName());
            if (value != null) inputs.put(item.getName(), value);
        }
        return inputs;
    }
}
