package io.github.reluinr.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.script.ScriptModule;
import org.scijava.script.ScriptService;

/**
 * The shipped Groovy template runs through SciJava's script service (JSR-223)
 * on a folder.
 */
class ScriptTemplateTest {

	@Test
	void batchTemplateFitsEveryImageInAFolder(@TempDir Path dir)
			throws Exception
	{
		System.setProperty("java.awt.headless", "true");
		Path in = Files.createDirectories(dir.resolve("in")),
				out = Files.createDirectories(dir.resolve("out"));
		ij.IJ.saveAsTiff(CommandsTest.gray(), in.resolve("a.tif").toString());
		ij.IJ.saveAsTiff(CommandsTest.gray(), in.resolve("b.tif").toString());
		String name = "/script_templates/Implicit Neural Representations/Fit_Signal_Batch.groovy";
		try (Context context = new Context();
				Reader script = new InputStreamReader(
						getClass().getResourceAsStream(name),
						StandardCharsets.UTF_8))
		{
			ScriptModule m = context
					.service(ScriptService.class).run("Fit_Signal_Batch.groovy",
							script, true, Map.of("input_dir", in.toFile(),
									"output_dir", out.toFile(), "epochs", 5))
					.get();
			String summary = (String) m.getOutput("summary");
			assertEquals(2, summary.lines().count(), summary);
			assertTrue(summary.startsWith("a.tif,"), summary);
			assertTrue(new File(out.toFile(), "a-inr.tif").isFile());
			assertTrue(new File(out.toFile(), "b-inr.png").isFile());
		}
	}
}
