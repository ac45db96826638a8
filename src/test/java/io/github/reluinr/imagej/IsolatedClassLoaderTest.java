package io.github.reluinr.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * ND4J starts inside a plugin class loader that the thread's context class
 * loader cannot see (Fiji's situation), in a JVM of its own because a native
 * library loads once per JVM.
 */
class IsolatedClassLoaderTest {

	@Test
	void fitRunsFromAnIsolatedPluginClassLoader() throws Exception {
		String testClasses = new File(IsolatedLauncher.class
				.getProtectionDomain().getCodeSource().getLocation().toURI())
				.getPath();
		List<String> plugin = new ArrayList<>();
		plugin.add(testClasses); // SelfTest, the fit it runs, is test code (not in the plugin's jar)
		for (String p : System.getProperty("java.class.path")
				.split(File.pathSeparator))
		{
			if (!p.equals(testClasses) && !p.contains("junit")
					&& !p.contains("surefire"))
				plugin.add(p);
		}
		String java = System.getProperty("java.home") + File.separator + "bin"
				+ File.separator + "java";
		ProcessBuilder pb = new ProcessBuilder(java, "-cp", testClasses,
				IsolatedLauncher.class.getName(),
				String.join(File.pathSeparator, plugin));
		pb.redirectErrorStream(true);
		Process p = pb.start();
		byte[] out = p.getInputStream().readAllBytes();
		assertTrue(p.waitFor(120, TimeUnit.SECONDS));
		String text = new String(out, StandardCharsets.UTF_8);
		assertEquals(0, p.exitValue(), text);
		String last = text.lines().filter(l -> l.startsWith("RESULT "))
				.findFirst().orElse("");
		assertTrue(last.contains("backend=cpu"), text);
		double loss = Double
				.parseDouble(last.substring(last.indexOf("loss=") + 5));
		assertTrue(loss < 0.05, "the ramp is learned: loss " + loss);
	}
}
