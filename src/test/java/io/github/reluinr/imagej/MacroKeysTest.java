package io.github.reluinr.imagej;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.ItemVisibility;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.module.ModuleItem;
import org.scijava.service.Service;

/**
 * Macro and script conventions: ImageJ matches a key as "key=" after '_' too,
 * so no key may end another after an underscore; MESSAGE items (dialog text)
 * optional; every input but the image has a default; file and image inputs are
 * optional; no input is persisted, so an earlier run's value never leaks into
 * the next.
 */
class MacroKeysTest {

	@Test
	void everyCommandUnderTheMenuFollowsTheConventions() throws Exception {
		try (Context context = new Context(CommandService.class)) {
			List<CommandInfo> ours = new ArrayList<>();
			for (CommandInfo info : context.service(CommandService.class)
					.getCommands())
			{
				if (info.getMenuPath() != null && info.getMenuPath().toString()
						.contains("Implicit Neural Representations"))
					ours.add(info);
			}
			assertTrue(ours.size() >= 3, "found " + ours.size() + " commands");
			for (CommandInfo info : ours) {
				List<String> keys = new ArrayList<>();
				Object fresh = info.loadClass().getDeclaredConstructor()
						.newInstance();
				boolean hasMetrics = false;
				for (ModuleItem<?> item : info.outputs())
					hasMetrics |= item.getName().equals("metrics");
				// Render INR trains nothing: it has no metrics
				assertTrue(
						hasMetrics || info.getClassName()
								.equals(RenderCommand.class.getName()),
						info.getTitle() + " returns metrics");
				for (ModuleItem<?> item : info.inputs()) {
					if (Service.class.isAssignableFrom(item.getType())
							|| item.getType() == Context.class)
						continue;
					String key = item.getName();
					String where = info.getTitle() + ": " + key;
					if (item.getVisibility() == ItemVisibility.MESSAGE) {
						// dialog text (estimate, section heading): never recorded, never a required key
						assertFalse(item.isRequired(),
								where + " is a required MESSAGE item");
						assertFalse(item.isPersisted(),
								where + " must not persist");
						continue;
					}
					assertTrue(key.equals(key.toLowerCase()),
							where + " is not lower case");
					keys.add(key);
					assertFalse(item.isPersisted(),
							where + " must not persist");
					boolean file = item.getType() == File.class
							|| item.getType().getName().equals("ij.ImagePlus");
					if (file) {
						assertFalse(item.isRequired(),
								where + " must be optional");
						assertFalse(item.isPersisted(),
								where + " must not persist");
					}
					else if (item.isRequired()) {
						java.lang.reflect.Field f = field(fresh.getClass(),
								key);
						assertNotNull(f.get(fresh), where + " has no default");
					}
				}
				for (String a : keys)
					for (String b : keys) {
						if (!a.equals(b) && a.endsWith("_" + b))
							fail(info.getTitle() + ": key '" + b
									+ "' also matches '" + a + "='");
					}
			}
		}
	}

	static java.lang.reflect.Field field(Class<?> c, String name)
			throws NoSuchFieldException
	{
		for (Class<?> k = c; k != null; k = k.getSuperclass()) {
			try {
				java.lang.reflect.Field f = k.getDeclaredField(name);
				f.setAccessible(true);
				return f;
			}
			catch (NoSuchFieldException ignored) {
				// look in the superclass
			}
		}
		throw new NoSuchFieldException(name);
	}
}
