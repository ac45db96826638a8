package io.github.reluinr.imagej;

import java.util.Map;
import org.scijava.Context;
import org.scijava.command.Command;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.service.Service;

/**
 * Completes an input map with each parameter's declared default. SciJava otherwise fills missing
 * inputs with the values persisted by earlier runs, so a headless call would depend on what the
 * last run used.
 */
public final class CommandInputs {
    private CommandInputs() {}

    public static Map<String, Object> withDefaults(CommandService commands, Class<? extends Command> type, Map<String, Object> inputs) {
        CommandInfo info = commands.getCommand(type);
        try {
            Module fresh = info.createModule();
            for (ModuleItem<?> item : info.inputs()) {
                Class<?> t = item.getType();
                if (Service.class.isAssignableFrom(t) || t == Context.class || inputs.containsKey(item.getName())) continue;
                Object v = fresh.getInput(item.getName());
                if (v != null) inputs.put(item.getName(), v);
            }
        } catch (org.scijava.module.ModuleException e) {
            throw new IllegalStateException(e);
        }
        return inputs;
    }
}
