package io.github.reluinr.imagej;

import ij.ImagePlus;
import ij.process.ByteProcessor;
import java.util.HashMap;
import java.util.Map;
import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.event.EventService;
import org.scijava.log.LogService;

/**
 * One headless SciJava Context for the command tests, and the small inputs they
 * share.
 */
final class CommandFixture {

	private static Context context;

	private CommandFixture() {
	}

	static synchronized Context context() {
		if (context == null) {
			System.setProperty("java.awt.headless", "true");
			context = new Context(CommandService.class, StatusService.class,
					LogService.class, EventService.class);
			Runtime.getRuntime().addShutdownHook(new Thread(context::dispose));
		}
		return context;
	}

	/** A 24x20 8-bit image with structure in x and y. */
	static ImagePlus gray() {
		ByteProcessor bp = new ByteProcessor(24, 20);
		for (int y = 0; y < 20; y++)
			for (int x = 0; x < 24; x++)
				bp.set(x, y, (x * 9 + y * 5 + (x * y) % 17) % 256);
		return new ImagePlus("gray.tif", bp);
	}

	/** Few epochs of a tiny network on the image, results not shown. */
	static Map<String, Object> small(ImagePlus imp) {
		Map<String, Object> m = new HashMap<>();
		m.put("image", imp);
		m.put("epochs", 20);
		m.put("width", 16);
		m.put("layers", 2);
		m.put("show_results", false);
		return m;
	}

	static <C extends InrCommand> C run(Class<C> type,
			Map<String, Object> inputs) throws Exception
	{
		CommandModule module = context().service(CommandService.class)
				.run(type, true, inputs).get();
		@SuppressWarnings("unchecked")
		C c = (C) module.getCommand();
		return c;
	}
}
