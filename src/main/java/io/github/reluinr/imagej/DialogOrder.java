package io.github.reluinr.imagej;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.scijava.command.CommandInfo;
import org.scijava.module.ModuleInfo;
import org.scijava.module.ModuleItem;

/**
 * The order of a command's dialog: the image; the task's own settings (the
 * command's {@link InrCommand#leadingInputs()}, e.g. scale, angles); how long
 * it trains (duration, epochs, the estimate, the time budget); the files; then
 * the network and optimiser settings under "Advanced" and the rest. SciJava
 * lists a superclass's inputs before a subclass's, which put the task's own
 * settings last; the harvester shows a command's inputs in the order of its
 * {@link CommandInfo}'s input list, which this sorts (stably) before the dialog
 * opens. Macro keys, defaults and what a macro records are not affected (they
 * go by name).
 */
final class DialogOrder {

	private DialogOrder() {
	}

	private static final List<String> DURATION = List.of("duration", "epochs",
			"run_estimate", "max_minutes");
	private static final List<String> FILES = List.of("input_file",
			"output_file", "metrics_file", "model_file", "init_model");

	static int rank(ModuleItem<?> item, List<String> leading) {
		String name = item.getName();
		Class<?> t = item.getType();
		if (org.scijava.service.Service.class.isAssignableFrom(t)
				|| t == org.scijava.Context.class)
			return 0;
		if (name.equals("image")) return 10;
		if (leading.contains(name)) return 100 + leading.indexOf(name);
		if (DURATION.contains(name)) return 200 + DURATION.indexOf(name);
		if (FILES.contains(name)) return 300 + FILES.indexOf(name);
		if (name.equals("advanced_settings")) return 400;
		return 500;
	}

	/**
	 * Sorts the command's inputs into the dialog's order; leaves SciJava's
	 * order when the info is not a command's.
	 */
	@SuppressWarnings("unchecked")
	static void apply(ModuleInfo info, List<String> leading) {
		if (!(info instanceof CommandInfo)) return;
		info.inputs(); // parsed
		try {
			Field f = CommandInfo.class.getDeclaredField("inputList");
			f.setAccessible(true);
			List<ModuleItem<?>> list = (List<ModuleItem<?>>) f.get(info);
			synchronized (info) {
				List<ModuleItem<?>> sorted = new ArrayList<>(list);
				sorted.sort(Comparator.comparingInt(i -> rank(i, leading)));
				list.clear();
				list.addAll(sorted);
			}
		}
		catch (ReflectiveOperationException | RuntimeException e) {
			// another scijava-common: its own order
		}
	}

	/** The input names in the order the dialog shows them. */
	static List<String> names(ModuleInfo info) {
		List<String> out = new ArrayList<>();
		for (ModuleItem<?> i : info.inputs())
			out.add(i.getName());
		return out;
	}
}
