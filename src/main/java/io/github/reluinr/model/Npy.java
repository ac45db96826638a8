package io.github.reluinr.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy's {@code .npy} format, version 1.0, for little-endian float32 arrays in
 * C order: the magic string {@code \x93NUMPY}, version bytes 1 0, a
 * little-endian uint16 header length, an ASCII header
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (r, c), }} padded
 * with spaces and a newline to a multiple of 64 bytes, then the values. Reading
 * also accepts versions 2.0 and 3.0 (a uint32 header length) and '<f8' (rounded
 * to float), the forms numpy.save writes for such arrays.
 */
public final class Npy {

	private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
	private static final Pattern DESCR = Pattern
			.compile("'descr'\\s*:\\s*'([^']*)'");
	private static final Pattern FORTRAN = Pattern
			.compile("'fortran_order'\\s*:\\s*(True|False)");
	private static final Pattern SHAPE = Pattern
			.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

	/** A float array with its shape (C order). */
	public record Array(long[] shape, float[] data) {

		public Array {
			long n = 1;
			for (long s : shape)
				n *= s;
			if (n != data.length)
				throw new IllegalArgumentException(
						"shape " + Arrays.toString(shape) + " holds " + n
								+ " values, not " + data.length);
		}

		public int rows() {
			return (int) shape[0];
		}

		public int cols() {
			return shape.length > 1 ? (int) shape[1] : 1;
		}

		public String shapeText() {
			StringBuilder sb = new StringBuilder("(");
			for (int i = 0; i < shape.length; i++)
				sb.append(i > 0 ? ", " : "").append(shape[i]);
			return sb.append(shape.length == 1 ? ",)" : ")").toString();
		}
	}

	private Npy() {
	}

	public static byte[] write(Array a) {
		String shape = a.shapeText();
		String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': "
				+ shape + ", }";
		int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
		int pad = (64 - unpadded % 64) % 64;
		String header = dict + " ".repeat(pad) + "\n";
		byte[] h = header.getBytes(StandardCharsets.US_ASCII);
		ByteBuffer b = ByteBuffer
				.allocate(MAGIC.length + 4 + h.length + 4 * a.data().length)
				.order(ByteOrder.LITTLE_ENDIAN);
		b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) h.length)
				.put(h);
		for (float f : a.data())
			b.putFloat(f);
		return b.array();
	}

	/**
	 * Parses an .npy file; throws ModelFileException naming the entry when it
	 * is not one this reads.
	 */
	public static Array read(byte[] bytes, String name) {
		ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
		if (bytes.length < 10 || !Arrays.equals(Arrays.copyOf(bytes, 6), MAGIC))
			throw bad(name, "not a .npy array");
		int major = bytes[6];
		int headerLength;
		int start;
		if (major == 1) {
			headerLength = Short.toUnsignedInt(b.getShort(8));
			start = 10;
		}
		else if (major == 2 || major == 3) {
			if (bytes.length < 12) throw bad(name, "truncated header");
			headerLength = b.getInt(8);
			start = 12;
		}
		else {
			throw bad(name, ".npy version " + major + "." + bytes[7]
					+ " is not supported (1.0, 2.0, 3.0 are)");
		}
		if (headerLength < 0 || start + headerLength > bytes.length)
			throw bad(name, "truncated header");
		String header = new String(bytes, start, headerLength,
				major == 3
						? StandardCharsets.UTF_8
						: StandardCharsets.ISO_8859_1);
		Matcher d = DESCR.matcher(header), f = FORTRAN.matcher(header),
				s = SHAPE.matcher(header);
		if (!d.find() || !f.find() || !s.find())
			throw bad(name, "header without descr, fortran_order or shape");
		String descr = d.group(1);
		int itemSize;
		if (descr.equals("<f4")) itemSize = 4;
		else if (descr.equals("<f8")) itemSize = 8;
		else
			throw bad(name, "dtype " + descr
					+ " is not supported (little-endian float32 '<f4' is)");
		if (f.group(1).equals("True"))
			throw bad(name, "Fortran order is not supported (C order is)");
		String[] parts = s.group(1).split(",");
		long[] shape = Arrays.stream(parts).map(String::trim)
				.filter(p -> !p.isEmpty()).mapToLong(p -> {
					try {
						return Long.parseLong(p);
					}
					catch (NumberFormatException e) {
						throw bad(name, "shape (" + s.group(1)
								+ ") is not a tuple of integers");
					}
				}).toArray();
		long n = 1;
		for (long v : shape) {
			if (v < 0) throw bad(name, "negative dimension in shape");
			n *= v;
		}
		int offset = start + headerLength;
		if (n > Integer.MAX_VALUE || offset + n * itemSize != bytes.length) {
			throw bad(name,
					"shape " + "(" + s.group(1).trim() + ") needs "
							+ n * itemSize + " bytes of data, the entry has "
							+ (bytes.length - offset));
		}
		float[] data = new float[(int) n];
		for (int i = 0; i < data.length; i++)
			data[i] = itemSize == 4
					? b.getFloat(offset + 4 * i)
					: (float) b.getDouble(offset + 8 * i);
		return new Array(shape, data);
	}

	private static ModelFileException bad(String name, String why) {
		return new ModelFileException(name + ": " + why);
	}
}
