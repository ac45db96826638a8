package io.github.reluinr.imagej;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs in its own JVM with only this class on the class path: loads the plugin
 * and its dependencies through a URLClassLoader of its own, with an unrelated
 * context class loader (as inside Fiji), and runs the self-test fit there.
 * Prints its result on the last line.
 */
public final class IsolatedLauncher {

	public static void main(String[] args) throws Exception {
		List<URL> urls = new ArrayList<>();
		for (String p : args[0].split(File.pathSeparator))
			urls.add(new File(p).toURI().toURL());
		try (URLClassLoader plugin = new URLClassLoader(
				urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
				URLClassLoader unrelated = new URLClassLoader(new URL[0],
						ClassLoader.getPlatformClassLoader()))
		{
			Thread.currentThread().setContextClassLoader(unrelated);
			Object result = plugin
					.loadClass("io.github.reluinr.imagej.SelfTest")
					.getMethod("run").invoke(null);
			System.out.println("RESULT " + result);
		}
	}
}
