package io.github.reluinr.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.reluinr.image.VolumeGrid;
import io.github.reluinr.nn.Activations;
import io.github.reluinr.nn.Network;
import io.github.reluinr.nn.PositionalEncoding;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * 3-D models: the file records the dimension, depth and per-axis extents and
 * reads back the same model; renders of XY, XZ and YZ planes and of the whole
 * volume at the training grid's size are the network's own outputs on the
 * training coordinates (evaluated here directly, without the renderer).
 */
class VolumeModelTest {

	@TempDir
	Path dir;

	static final int D = 5, H = 6, W = 7;

	private static InrModel model(String method, Network net,
			VolumeGrid.Extents e, int side)
	{
		return InrModel
				.ofVolume(net, method, 3, 30, 10, 16, 2, side, D, H, W,
						e.toArray())
				.withOutput("fit-volume", 2, 3).withCalibration(0.1, 0.1, "um")
				.withVoxelDepth(0.5);
	}

	/** The training-grid outputs in natural order, mapped to pixels. */
	private static float[] direct(Network net, VolumeGrid.Extents e, int side) {
		INDArray g = VolumeGrid.grid(D, H, W, e);
		INDArray in = side > 0 ? PositionalEncoding.encode(g, side) : g;
		float[] raw = net.forward(in).dup('c').data().asFloat();
		float[] out = new float[raw.length];
		for (int i = 0; i < raw.length; i++)
			out[i] = (float) (raw[i] * 3.0 + 2.0);
		return out;
	}

	@Test
	void fileRoundTripAndPlanes() throws Exception {
		VolumeGrid.Extents e = VolumeGrid.extents(D, H, W, 0.1, 0.1, 0.5);
		for (String method : new String[]{"bw-relu", "relu-pe", "siren",
				"wire"})
		{
			int side = "relu-pe".equals(method) ? 32 : 0;
			int inputs = side > 0 ? PositionalEncoding.features(3, side) : 3;
			try (Network net = Activations.network(method, inputs, 16, 2, 1, 3,
					30, 10, 4))
			{
				InrModel m = model(method, net, e, side);
				Path f = dir.resolve(method + ".npz");
				ModelFile.write(f, m);
				InrModel back = ModelFile.read(f);
				assertEquals(3, back.dimension());
				assertEquals(D, back.gridDepth());
				assertArrayEquals(e.toArray(), back.extent(), 0);
				assertEquals(0.5, back.pixelDepth(), 0);
				String config = ModelFile.configText(f);
				assertEquals(true, config.contains("\"dimension\": 3")
						|| config.contains("\"dimension\":3"), config);
				float[] want = direct(net, e, side);
				assertArrayEquals(want,
						Renderer.renderVolume(back, W, H, D, null), 1e-6f,
						method);
				// XY at plane 3
				float[] xy = Renderer.renderPlane(back, Renderer.Plane.XY, 3, W,
						H, null);
				for (int y = 0; y < H; y++)
					for (int x = 0; x < W; x++)
						assertEquals(want[(3 * H + y) * W + x], xy[y * W + x],
								1e-6f);
				// XZ at row 2: rows are planes
				float[] xz = Renderer.renderPlane(back, Renderer.Plane.XZ, 2, W,
						D, null);
				for (int z = 0; z < D; z++)
					for (int x = 0; x < W; x++)
						assertEquals(want[(z * H + 2) * W + x], xz[z * W + x],
								1e-6f);
				// YZ at column 6 (the last)
				float[] yz = Renderer.renderPlane(back, Renderer.Plane.YZ, 6, H,
						D, null);
				for (int z = 0; z < D; z++)
					for (int y = 0; y < H; y++)
						assertEquals(want[(z * H + y) * W + 6], yz[z * H + y],
								1e-6f);
			}
		}
	}

	@Test
	void isotropicSamplingAndLimits() {
		VolumeGrid.Extents e = VolumeGrid.extents(D, H, W, 0.1, 0.1, 0.5);
		try (Network net = Activations.network("bw-relu", 3, 16, 2, 1, 3, 30,
				10, 4))
		{
			InrModel m = model("bw-relu", net, e, 0);
			// 4 gaps of 0.5 um in z at 0.1 um pixels: 21 samples
			assertEquals(21, Renderer.isotropicSamples(m, 2));
			assertEquals(W, Renderer.isotropicSamples(m, 0));
			// a half-way position between planes is the network at the mid coordinate
			assertEquals(
					0.5 * (Renderer.coordinate(m, 2, 1)
							+ Renderer.coordinate(m, 2, 2)),
					Renderer.coordinate(m, 2, 1.5), 1e-12);
			assertThrows(IllegalArgumentException.class, () -> Renderer
					.renderPlane(m, Renderer.Plane.XY, D, W, H, null));
			assertThrows(IllegalArgumentException.class,
					() -> Renderer.render(m, W, H, null, null));
			assertThrows(IllegalArgumentException.class,
					() -> Renderer.Plane.parse("xw"));
			assertEquals(Renderer.Plane.XZ, Renderer.Plane.parse("XZ"));
		}
		try (Network net2 = Activations.network("bw-relu", 2, 16, 2, 1, 3, 30,
				10, 4))
		{
			InrModel flat = InrModel.of(net2, "bw-relu", 3, 30, 10, 16, 2, 0, H,
					W);
			assertEquals(2, flat.dimension());
			assertThrows(IllegalArgumentException.class, () -> Renderer
					.renderPlane(flat, Renderer.Plane.XZ, 0, W, D, null));
		}
	}

	@Test
	void twoDimensionalFilesKeepTheirConfig() throws Exception {
		try (Network net = Activations.network("bw-relu", 2, 16, 2, 1, 3, 30,
				10, 4))
		{
			Path f = dir.resolve("flat.npz");
			ModelFile.write(f,
					InrModel.of(net, "bw-relu", 3, 30, 10, 16, 2, 0, H, W));
			String config = ModelFile.configText(f);
			assertEquals(false, config.contains("dimension"),
					"2-D files are written as before");
			assertEquals(false, config.contains("voxel_depth"));
			assertEquals(2, ModelFile.read(f).dimension());
			assertEquals(1, ModelFile.read(f).gridDepth());
		}
		assertEquals(true, Files.exists(dir.resolve("flat.npz")));
	}
}
