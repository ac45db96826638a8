package io.github.reluinr.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The small JSON subset a model's config.json needs: objects (as
 * LinkedHashMap), arrays (List), strings, numbers (Double), booleans and null.
 * Doubles are written with Java's shortest round-trip form, so a value read
 * back is the same double; NaN and infinities are written as null.
 */
public final class Json {

	private Json() {
	}

	public static String write(Object value) {
		StringBuilder sb = new StringBuilder();
		write(sb, value, 0);
		return sb.append('\n').toString();
	}

	private static void write(StringBuilder sb, Object v, int indent) {
		if (v == null) sb.append("null");
		else if (v instanceof String s) string(sb, s);
		else if (v instanceof Boolean b) sb.append(b);
		else if (v instanceof Double || v instanceof Float) {
			double d = ((Number) v).doubleValue();
			if (!Double.isFinite(d)) sb.append("null");
			else
				if (d == Math.rint(d) && Math.abs(d) < 1e15)
					sb.append((long) d).append(".0");
			else
					sb.append(Double.toString(d));
		}
		else if (v instanceof Number n) sb.append(n.longValue());
		else if (v instanceof double[] a) {
			List<Object> l = new ArrayList<>();
			for (double d : a)
				l.add(d);
			write(sb, l, indent);
		}
		else if (v instanceof Map<?, ?> m) {
			if (m.isEmpty()) {
				sb.append("{}");
				return;
			}
			sb.append("{\n");
			int i = 0;
			for (Map.Entry<?, ?> e : m.entrySet()) {
				sb.append("  ".repeat(indent + 1));
				string(sb, String.valueOf(e.getKey()));
				sb.append(": ");
				write(sb, e.getValue(), indent + 1);
				sb.append(++i < m.size() ? ",\n" : "\n");
			}
			sb.append("  ".repeat(indent)).append('}');
		}
		else if (v instanceof List<?> l) {
			sb.append('[');
			for (int i = 0; i < l.size(); i++) {
				if (i > 0) sb.append(", ");
				write(sb, l.get(i), indent + 1);
			}
			sb.append(']');
		}
		else
			throw new IllegalArgumentException("cannot write "
					+ v.getClass().getSimpleName() + " as JSON");
	}

	private static void string(StringBuilder sb, String s) {
		sb.append('"');
		for (char ch : s.toCharArray()) {
			switch (ch) {
				case '"' -> sb.append("\\\"");
				case '\\' -> sb.append("\\\\");
				case '\n' -> sb.append("\\n");
				case '\r' -> sb.append("\\r");
				case '\t' -> sb.append("\\t");
				default -> {
					if (ch < 0x20)
						sb.append(String.format(Locale.ROOT, "\\u%04x",
								(int) ch));
					else
						sb.append(ch);
				}
			}
		}
		sb.append('"');
	}

	/**
	 * Parses a JSON text; throws ModelFileException with the position of the
	 * first error.
	 */
	public static Object parse(String text) {
		Parser p = new Parser(text);
		p.space();
		Object v = p.value();
		p.space();
		if (p.i != text.length())
			throw p.error("unexpected text after the value");
		return v;
	}

	private static final class Parser {

		final String s;
		int i;

		Parser(String s) {
			this.s = s;
		}

		ModelFileException error(String why) {
			return new ModelFileException(
					"config.json: " + why + " at character " + i);
		}

		void space() {
			while (i < s.length() && Character.isWhitespace(s.charAt(i)))
				i++;
		}

		Object value() {
			if (i >= s.length()) throw error("unexpected end");
			char ch = s.charAt(i);
			if (ch == '{') return object();
			if (ch == '[') return array();
			if (ch == '"') return string();
			if (s.startsWith("true", i)) {
				i += 4;
				return Boolean.TRUE;
			}
			if (s.startsWith("false", i)) {
				i += 5;
				return Boolean.FALSE;
			}
			if (s.startsWith("null", i)) {
				i += 4;
				return null;
			}
			return number();
		}

		Map<String, Object> object() {
			Map<String, Object> m = new LinkedHashMap<>();
			i++;
			space();
			if (i < s.length() && s.charAt(i) == '}') {
				i++;
				return m;
			}
			while (true) {
				space();
				if (i >= s.length() || s.charAt(i) != '"')
					throw error("expected a key");
				String k = string();
				space();
				if (i >= s.length() || s.charAt(i) != ':')
					throw error("expected ':'");
				i++;
				space();
				m.put(k, value());
				space();
				if (i < s.length() && s.charAt(i) == ',') {
					i++;
					continue;
				}
				if (i < s.length() && s.charAt(i) == '}') {
					i++;
					return m;
				}
				throw error("expected ',' or '}'");
			}
		}

		List<Object> array() {
			List<Object> l = new ArrayList<>();
			i++;
			space();
			if (i < s.length() && s.charAt(i) == ']') {
				i++;
				return l;
			}
			while (true) {
				space();
				l.add(value());
				space();
				if (i < s.length() && s.charAt(i) == ',') {
					i++;
					continue;
				}
				if (i < s.length() && s.charAt(i) == ']') {
					i++;
					return l;
				}
				throw error("expected ',' or ']'");
			}
		}

		String string() {
			StringBuilder sb = new StringBuilder();
			i++;
			while (i < s.length()) {
				char ch = s.charAt(i++);
				if (ch == '"') return sb.toString();
				if (ch != '\\') {
					sb.append(ch);
					continue;
				}
				if (i >= s.length()) break;
				char e = s.charAt(i++);
				switch (e) {
					case 'n' -> sb.append('\n');
					case 't' -> sb.append('\t');
					case 'r' -> sb.append('\r');
					case 'b' -> sb.append('\b');
					case 'f' -> sb.append('\f');
					case 'u' -> {
						if (i + 4 > s.length()) throw error("bad \\u escape");
						sb.append((char) Integer.parseInt(s.substring(i, i + 4),
								16));
						i += 4;
					}
					default -> sb.append(e);
				}
			}
			throw error("unterminated string");
		}

		Double number() {
			int start = i;
			while (i < s.length()
					&& "+-0123456789.eE".indexOf(s.charAt(i)) >= 0)
				i++;
			if (start == i)
				throw error("unexpected character '" + s.charAt(i) + "'");
			try {
				return Double.parseDouble(s.substring(start, i));
			}
			catch (NumberFormatException e) {
				i = start;
				throw error("bad number");
			}
		}
	}
}
