package io.github.reluinr.op;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The super-resolution data term with a weight on the average pooling's null
 * space: G = P + s (I - P), where P = S^2 A^T A replaces every pixel by its S x
 * S block mean (the orthogonal projection onto the range of A^T) and I - P
 * keeps what the block means do not see. G is symmetric (its own adjoint) and
 * maps an image to an image, block by block.
 *
 * <p>
 * With the target t = P(rep y) + s (I - P) anchor, where rep y spreads each
 * low-resolution value over its block, mean((G f - t)^2) over the pixels =
 * mean((A f - y)^2) over the low-resolution pixels (the data term exactly) +
 * s^2 mean(((I - P)(f - anchor))^2): a pull towards the anchor (e.g.
 * back-projection's image) only where the data says nothing. s = 0 is the plain
 * data term, s = 1 fitting the anchor.
 */
public final class AnchoredPoolOperator implements ForwardOperator {

	private final AveragePoolOperator pool;
	private final float s;

	/**
	 * @param s
	 *            the null-space weight's square root, in [0, 1]
	 */
	public AnchoredPoolOperator(int lowHeight, int lowWidth, int factor,
			double s)
	{
		if (!(s >= 0 && s <= 1))
			throw new IllegalArgumentException(
					"null-space weight must be in [0, 1], got " + s);
		this.pool = new AveragePoolOperator(lowHeight, lowWidth, factor);
		this.s = (float) s;
	}

	/**
	 * The target t = P(rep y) + s (I - P) anchor for measurements y [lowH*lowW,
	 * C] and an anchor image [H*W, C].
	 */
	public INDArray target(INDArray y, INDArray anchor) {
		INDArray t = Nd4j.create(DataType.FLOAT, anchor.size(0),
				anchor.size(1));
		apply(anchor, t); // P anchor + s (I - P) anchor
		INDArray spread = Nd4j.create(DataType.FLOAT, anchor.size(0),
				anchor.size(1));
		INDArray means = Nd4j.create(DataType.FLOAT, y.size(0), y.size(1));
		pool.apply(anchor, means);
		pool.adjoint(means.rsubi(y.castTo(DataType.FLOAT)), spread); // (y - A anchor) / S^2, spread
		t.addi(spread.muli((float) pool.factor() * pool.factor())); // + P(rep y - anchor)
		spread.close();
		means.close();
		return t;
	}

	public double weight() {
		return s;
	}

	@Override
	public long inputSize() {
		return pool.inputSize();
	}
	@Override
	public long outputSize() {
		return pool.inputSize();
	}
	@Override
	public long[] outputShape() {
		return new long[]{pool.highHeight(), pool.highWidth()};
	}
	@Override
	public String name() {
		return "avgpool" + pool.factor() + "+null-space";
	}

	/** out = s image + (1 - s) P image. */
	@Override
	public void apply(INDArray image, INDArray out) {
		long c = image.size(1);
		DirectFloats.checkShape("image", image, inputSize(), c);
		DirectFloats.checkShape("out", out, outputSize(), c);
		INDArray means = Nd4j.create(DataType.FLOAT, pool.outputSize(), c);
		pool.apply(image, means);
		pool.adjoint(means, out); // block mean / S^2 on every pixel
		out.muli((1f - s) * pool.factor() * pool.factor());
		if (s != 0f) out.addi(image.mul(s));
		means.close();
	}

	/** G is symmetric. */
	@Override
	public void adjoint(INDArray measurements, INDArray out) {
		apply(measurements, out);
	}

	/**
	 * Tile-local as the pooling: a tile of whole blocks of S rows maps onto its
	 * own pixels.
	 */
	@Override
	public boolean tileLocal() {
		return true;
	}
	@Override
	public long tileQuantum() {
		return pool.tileQuantum();
	}

	@Override
	public long tileOutputRow(long from) {
		pool.tileOutputRow(from); // checks the boundary
		return from;
	}

	@Override
	public ForwardOperator tile(long from, long to) {
		AveragePoolOperator p = (AveragePoolOperator) pool.tile(from, to);
		return new AnchoredPoolOperator(p.lowHeight(), p.lowWidth(), p.factor(),
				s);
	}
}
