package io.github.reluinr.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The registry: names, and the network and activation each name builds. */
class ActivationsTest {

	@Test
	void namesAndWhatTheyBuild() {
		assertEquals(
				List.of("bw-relu", "relu", "relu-pe", "siren", "wire", "gauss"),
				Activations.NAMES);
		assertInstanceOf(BwRelu.class,
				Activations.create("bw-relu", 9, 50, 10));
		assertEquals(9,
				((BwRelu) Activations.create("bw-relu", 9, 50, 10)).scale(), 0);
		assertInstanceOf(Relu.class, Activations.create("relu", 9, 50, 10));
		assertInstanceOf(Relu.class, Activations.create("relu-pe", 9, 50, 10));
		assertEquals(12,
				((Siren) Activations.create("siren", 9, 12, 10)).omega0(), 0);
		assertEquals(6,
				((Gauss) Activations.create("gauss", 9, 12, 6)).sigma0(), 0);
		assertThrows(IllegalArgumentException.class,
				() -> Activations.create("wire", 9, 20, 10));
		assertThrows(IllegalArgumentException.class,
				() -> Activations.create("tanh", 9, 20, 10));

		assertTrue(Activations.encodesPositions("relu-pe"));
		for (String n : Activations.NAMES)
			assertEquals(n.equals("relu-pe"), Activations.encodesPositions(n),
					n);

		try (Network wire = Activations.network("wire", 2, 300, 3, 1, 9, 20, 10,
				0))
		{
			WireMlp w = assertInstanceOf(WireMlp.class, wire);
			assertEquals(212, w.hidden());
			assertEquals(20, w.gabor().omega0(), 0);
			assertEquals(10, w.gabor().sigma0(), 0);
		}
		int features = PositionalEncoding.features(2, 256);
		try (Network pe = Activations.network("relu-pe", features, 64, 3, 1, 9,
				20, 10, 0))
		{
			assertEquals(26, pe.inputs());
			assertInstanceOf(Relu.class, ((Mlp) pe).activation());
		}
		try (Network siren = Activations.network("siren", 2, 64, 3, 1, 9, 30,
				10, 0))
		{
			assertInstanceOf(Siren.class, ((Mlp) siren).activation());
		}
	}
}
