package io.github.reluinr.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Theorems 3.3 and 3.1 numerically: the dyadic BW-ReLU system's Gram matrix
 * stays well conditioned (Appendix B's Gershgorin bound: kappa <= (1/6 +
 * 2(C1+C2)) / (1/6 - 2(C1+C2)) ~ 2.38), while K evenly spaced ReLUs have kappa
 * growing at least like K^3.
 */
class ConditioningTest {

	static final double GERSHGORIN_BOUND = 2.38;

	/**
	 * psi_{j,k}(x) = 2^{j/2} psi(2^j (3/2)(x+1) - k), j < J, k < 2^j (Theorem
	 * 3.3).
	 */
	static double[][] bwReluGram(int levels) {
		int k = (1 << levels) - 1;
		// In t = (3/2)(x+1) in [0,3], all neurons are linear on intervals of length 2^-(J+1)... 
		int segments = 3 << (levels + 1);
		int points = 2 * segments + 1; // Simpson nodes: ends and midpoints; products are quadratic per segment
		double h = 3.0 / segments;
		double[][] f = new double[k][points];
		int row = 0;
		for (int j = 0; j < levels; j++) {
			for (int s = 0; s < (1 << j); s++, row++) {
				for (int p = 0; p < points; p++) {
					double t = p * h / 2;
					f[row][p] = Math.pow(2, j / 2.0)
							* BwRelu.psi(Math.pow(2, j) * t - s);
				}
			}
		}
		double[][] g = new double[k][k];
		double dxdt = 2.0 / 3.0;
		for (int a = 0; a < k; a++) {
			for (int b = a; b < k; b++) {
				double sum = 0;
				for (int seg = 0; seg < segments; seg++) {
					int p = 2 * seg;
					sum += h / 6
							* (f[a][p] * f[b][p] + 4 * f[a][p + 1] * f[b][p + 1]
									+ f[a][p + 2] * f[b][p + 2]);
				}
				g[a][b] = g[b][a] = sum * dxdt;
			}
		}
		return g;
	}

	/**
	 * G_ij = integral over [-1,1] of relu(x-b_i) relu(x-b_j), b_j = -1 +
	 * 2(j-1)/K (Theorem 3.1).
	 */
	static double[][] reluGram(int k) {
		double[][] g = new double[k][k];
		for (int i = 0; i < k; i++) {
			for (int j = 0; j < k; j++) {
				double bi = -1 + 2.0 * i / k, bj = -1 + 2.0 * j / k,
						lo = Math.max(bi, bj);
				// antiderivative of (x-bi)(x-bj) = x^3/3 - (bi+bj) x^2/2 + bi bj x
				g[i][j] = prim(1, bi, bj) - prim(lo, bi, bj);
			}
		}
		return g;
	}

	static double prim(double x, double bi, double bj) {
		return x * x * x / 3 - (bi + bj) * x * x / 2 + bi * bj * x;
	}

	@Test
	void bwReluGramStaysUnderGershgorinBound() {
		for (int levels = 2; levels <= 7; levels++) {
			double[] ev = Jacobi.eigenvalues(bwReluGram(levels));
			double kappa = ev[ev.length - 1] / ev[0];
			assertTrue(ev[0] > 0, "positive definite at J=" + levels);
			assertTrue(kappa <= GERSHGORIN_BOUND,
					"J=" + levels + ": kappa " + kappa);
		}
	}

	@Test
	void reluGramConditionGrowsAtLeastCubically() {
		double previous = Double.NaN;
		for (int k = 4; k <= 64; k *= 2) {
			double[] ev = Jacobi.eigenvalues(reluGram(k));
			double kappa = ev[ev.length - 1] / ev[0];
			if (!Double.isNaN(previous)) {
				// doubling K must multiply kappa by at least 2^3 (in practice close to 2^4)
				assertTrue(kappa / previous >= 8,
						"K=" + k + ": kappa grew by " + kappa / previous);
			}
			previous = kappa;
		}
		// and at K = 64 it is orders of magnitude above the BW-ReLU bound
		assertTrue(previous > 1e5 * GERSHGORIN_BOUND,
				"kappa(64) = " + previous);
	}

	/**
	 * Cyclic Jacobi eigenvalue iteration for symmetric matrices: independent of
	 * ND4J and LAPACK.
	 */
	static final class Jacobi {

		static double[] eigenvalues(double[][] input) {
			int n = input.length;
			double[][] a = new double[n][];
			for (int i = 0; i < n; i++)
				a[i] = input[i].clone();
			for (int sweep = 0; sweep < 100; sweep++) {
				double off = 0, diag = 0;
				for (int i = 0; i < n; i++) {
					diag += a[i][i] * a[i][i];
					for (int j = i + 1; j < n; j++)
						off += a[i][j] * a[i][j];
				}
				if (off < 1e-30 * diag) break;
				for (int p = 0; p < n; p++) {
					for (int q = p + 1; q < n; q++) {
						if (a[p][q] == 0) continue;
						double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
						double t = Math.signum(theta) / (Math.abs(theta)
								+ Math.sqrt(theta * theta + 1));
						if (theta == 0) t = 1;
						double c = 1 / Math.sqrt(t * t + 1), s = t * c;
						for (int r = 0; r < n; r++) { // columns p, q
							double arp = a[r][p], arq = a[r][q];
							a[r][p] = c * arp - s * arq;
							a[r][q] = s * arp + c * arq;
						}
						for (int r = 0; r < n; r++) { // rows p, q
							double apr = a[p][r], aqr = a[q][r];
							a[p][r] = c * apr - s * aqr;
							a[q][r] = s * apr + c * aqr;
						}
					}
				}
			}
			double[] ev = new double[n];
			for (int i = 0; i < n; i++)
				ev[i] = a[i][i];
			java.util.Arrays.sort(ev);
			return ev;
		}
	}
}
