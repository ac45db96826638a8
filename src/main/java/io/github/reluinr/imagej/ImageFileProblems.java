package io.github.reluinr.imagej;

import java.awt.GraphicsEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.util.function.Supplier;
import javax.imageio.ImageIO;

/**
 * What is wrong with an image file, found before ImageJ opens it: ImageJ reads
 * a truncated TIFF as zeros (which then looks like a constant image) and prints
 * its own lines, or an exception, for an empty or truncated PNG. Each check
 * gives the words of a one-line message, or null when the file looks whole.
 */
final class ImageFileProblems {

	private ImageFileProblems() {
	}

	static String of(File file) throws IOException {
		long length = file.length();
		if (length == 0) return "is empty (0 bytes)";
		byte[] head = new byte[(int) Math.min(length, 512)];
		try (InputStream in = Files.newInputStream(file.toPath())) {
			int n = in.readNBytes(head, 0, head.length);
			if (n < head.length) head = java.util.Arrays.copyOf(head, n);
		}
		String ext = OutputPlan.extension(file);
		if (isPng(head)) return png(file, length);
		if (isTiff(head)) return tiff(file, length);
		if (isJpeg(head)) return jpeg(file, length);
		boolean imageName = java.util.List
				.of(".tif", ".tiff", ".png", ".jpg", ".jpeg").contains(ext);
		if (imageName && isText(head))
			return "is named " + ext + " but holds text, not an image";
		if (imageName && !isGif(head) && !isBmp(head))
			return "is named " + ext + " but is not a " + kind(ext)
					+ " file (its first bytes are not a " + kind(ext)
					+ " header)";
		return null;
	}

	private static String kind(String ext) {
		return switch (ext) {
			case ".png" -> "PNG";
			case ".jpg", ".jpeg" -> "JPEG";
			default -> "TIFF";
		};
	}

	static boolean isPng(byte[] b) {
		return b.length >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P'
				&& b[2] == 'N' && b[3] == 'G' && b[4] == 0x0d && b[5] == 0x0a
				&& b[6] == 0x1a && b[7] == 0x0a;
	}

	static boolean isTiff(byte[] b) {
		return b.length >= 4 && ((b[0] == 'I' && b[1] == 'I' && b[2] == 42
				&& b[3] == 0)
				|| (b[0] == 'M' && b[1] == 'M' && b[2] == 0 && b[3] == 42));
	}

	static boolean isJpeg(byte[] b) {
		return b.length >= 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8
				&& (b[2] & 0xff) == 0xff;
	}

	private static boolean isGif(byte[] b) {
		return b.length >= 4 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F'
				&& b[3] == '8';
	}

	private static boolean isBmp(byte[] b) {
		return b.length >= 2 && b[0] == 'B' && b[1] == 'M';
	}

	private static boolean isText(byte[] b) {
		for (byte x : b) {
			int c = x & 0xff;
			if (c < 9 || (c > 13 && c < 32) || c == 127) return false;
		}
		return true;
	}

	/**
	 * A PNG ends with its IEND chunk; javax.imageio must decode it without an
	 * exception.
	 */
	private static String png(File file, long length) throws IOException {
		byte[] tail = tail(file, 12);
		boolean iend = tail.length == 12 && tail[4] == 'I' && tail[5] == 'E'
				&& tail[6] == 'N' && tail[7] == 'D';
		if (!iend)
			return "is a truncated PNG (" + length + " bytes, no end chunk)";
		try {
			if (quietly(() -> {
				try {
					return ImageIO.read(file);
				}
				catch (IOException e) {
					throw new java.io.UncheckedIOException(e);
				}
			}) == null) return "is not a PNG javax.imageio can decode";
		}
		catch (RuntimeException e) {
			Throwable c = e instanceof java.io.UncheckedIOException u
					? u.getCause()
					: e;
			return "is a damaged PNG (" + firstLine(c) + ")";
		}
		return null;
	}

	/** Every strip of every image in the TIFF must lie inside the file. */
	private static String tiff(File file, long length) {
		ij.io.FileInfo[] infos;
		try {
			infos = quietly(() -> {
				try {
					return new ij.io.TiffDecoder(
							file.getParent() == null
									? ""
									: file.getParent() + File.separator,
							file.getName()).getTiffInfo();
				}
				catch (IOException e) {
					throw new java.io.UncheckedIOException(e);
				}
			});
		}
		catch (RuntimeException e) {
			Throwable c = e instanceof java.io.UncheckedIOException u
					? u.getCause()
					: e;
			return "is a damaged TIFF (" + firstLine(c) + ")";
		}
		if (infos == null || infos.length == 0)
			return "is a damaged TIFF (no image in it)";
		long end = 0;
		for (ij.io.FileInfo fi : infos) {
			if (fi.stripOffsets != null && fi.stripLengths != null
					&& fi.stripOffsets.length == fi.stripLengths.length
					&& fi.stripOffsets.length > 0)
			{
				for (int i = 0; i < fi.stripOffsets.length; i++)
					end = Math.max(end, (fi.stripOffsets[i] & 0xffffffffL)
							+ (fi.stripLengths[i] & 0xffffffffL));
				if (fi.nImages > 1)
					end = Math.max(end, fi.getOffset()
							+ (long) fi.nImages * imageBytes(fi));
			}
			else {
				end = Math.max(end, fi.getOffset()
						+ (long) Math.max(1, fi.nImages) * imageBytes(fi));
			}
		}
		if (end > length)
			return "is a truncated TIFF (" + length + " bytes; its images need "
					+ end + ")";
		return null;
	}

	private static long imageBytes(ij.io.FileInfo fi) {
		if (fi.compression > ij.io.FileInfo.COMPRESSION_NONE) return 0; // strips tell the compressed size
		return (long) fi.width * fi.height * Math.max(1, fi.getBytesPerPixel());
	}

	/**
	 * A JPEG ends with its end-of-image marker FF D9 (some writers append data
	 * after it).
	 */
	private static String jpeg(File file, long length) throws IOException {
		byte[] tail = tail(file, 65536);
		for (int i = tail.length - 2; i >= 0; i--)
			if ((tail[i] & 0xff) == 0xff && (tail[i + 1] & 0xff) == 0xd9)
				return null;
		return "is a truncated JPEG (" + length
				+ " bytes, no end-of-image marker)";
	}

	private static byte[] tail(File file, int n) throws IOException {
		try (RandomAccessFile raf = new RandomAccessFile(file, "r")) {
			long len = raf.length();
			int k = (int) Math.min(n, len);
			byte[] b = new byte[k];
			raf.seek(len - k);
			raf.readFully(b);
			return b;
		}
	}

	private static String firstLine(Throwable t) {
		String m = t.getMessage() == null
				? t.getClass().getSimpleName()
				: t.getMessage();
		int nl = m.indexOf('\n');
		return nl >= 0 ? m.substring(0, nl) : m;
	}

	/**
	 * Runs an action with System.out and System.err discarded when headless
	 * (the CLI): ImageJ prints its IJ.log/IJ.error lines and some readers print
	 * stack traces there. In Fiji's GUI they go to its Log window, which is
	 * left alone.
	 */
	static synchronized <T> T quietly(Supplier<T> action) {
		if (!GraphicsEnvironment.isHeadless()) return action.get();
		PrintStream out = System.out, err = System.err;
		PrintStream sink = new PrintStream(new ByteArrayOutputStream());
		boolean redirect = ij.IJ.redirectingErrorMessages();
		System.setOut(sink);
		System.setErr(sink);
		ij.IJ.redirectErrorMessages(true);
		try {
			return action.get();
		}
		finally {
			ij.IJ.redirectErrorMessages(redirect);
			System.setOut(out);
			System.setErr(err);
		}
	}
}
