/*
 * BW-ReLU's forward and backward row kernels in AVX2, for NativeKernels.java
 * (the thin layers' products, an environment setter and the Radon transform's
 * Java form follow at the end):
 * the same arithmetic as BwRelu.forwardPieceRows and backwardPieceRows, in the
 * same order and with Java's rounding (no FMA contraction, Math.min/max's NaN
 * and signed-zero rules, two's-complement wrap-around), so that both give the
 * same bits for every input and a run does not depend on which one ran.
 *
 * Why native: Java 17 vectorises neither float-to-int nor int-to-byte
 * conversions, so the Java kernels pass each element through scratch arrays
 * and direct-buffer copies; on a 2-core AVX2 EPYC they took 5.8 (forward) and
 * 8 (backward) ns per element against 1.06 and 0.51 here.
 *
 * The pieces layout is RowKernels': a whole pass of 16 rows (L elements) holds
 * its codes as L/4 little-endian ints, int q holding elements q, q + L/4,
 * q + L/2 and q + 3L/4 in bytes 0 to 3; a last pass of fewer rows is plain
 * bytes. The functions return 0, or -1 when a range falls outside a buffer
 * (NativeKernels then throws).
 */
#define _POSIX_C_SOURCE 200809L /* setenv */
#include <jni.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <immintrin.h>

#define PASS_ROWS 16

#define AVX2 __attribute__((target("avx2,fma")))

static const int32_t KNOT_BITS[7] = {0, 0x3f800000, 0x40000000, 0x40400000,
	0x40800000, 0x40a00000, 0x40c00000}; /* bits of 0, 1, ..., 6 */
static const int32_t SLOPE_STEPS[7] = {1, -8, 23, -32, 23, -8, 1};

/* Java's Math.max(a, +0f) and Math.min(a, 3f) */
static inline float jmax0(float a) {
	if (a != a) return a;
	return a > 0.0f ? a : 0.0f;
}

static inline float jmin3(float a) {
	if (a != a) return a;
	return a < 3.0f ? a : 3.0f;
}

/* Math.min(u, t) where neither is -0 (u in [0, 3] or NaN, t = 3 - u) */
static inline float jmin(float u, float t) {
	if (u != u) return u;
	if (t != t) return t;
	return u <= t ? u : t;
}

/* BwRelu.psiOfScaled */
static inline float psi_scalar(float cz) {
	float u = jmin3(jmax0(cz));
	float v = jmin(u, 3.0f - u);
	float d1 = v - 0.5f, d2 = v - 1.0f;
	return (1 / 6.0f) * v - (4 / 6.0f) * (d1 + fabsf(d1))
		+ (23 / 12.0f) * (d2 + fabsf(d2));
}

/* BwRelu.code, with Java's wrapping int arithmetic */
static inline int32_t code_scalar(float twice) {
	uint32_t x;
	memcpy(&x, &twice, 4);
	int32_t c = 0;
	for (int k = 0; k < 7; k++) {
		int32_t d = (int32_t) ((uint32_t) KNOT_BITS[k] - x);
		c += (d >> 31) & SLOPE_STEPS[k];
	}
	return c;
}

static inline void element_scalar(float z, float b, float c, float *out,
	int32_t *code)
{
	float cz = c * (z + b);
	*code = code_scalar(jmax0(2.0f * cz));
	*out = psi_scalar(cz);
}

/* Math.max(a, +0f) on 8 lanes: maxps returns its second operand for NaN and
 * for two zeros, so +0 for -0, and the blend puts NaN back. */
AVX2 static inline __m256 vmax0(__m256 a) {
	__m256 m = _mm256_max_ps(a, _mm256_setzero_ps());
	return _mm256_blendv_ps(m, a, _mm256_cmp_ps(a, a, _CMP_UNORD_Q));
}

AVX2 static inline void element8(const float *z, const float *b, __m256 c,
	float *out, __m256i *code)
{
	const __m256 three = _mm256_set1_ps(3.0f);
	const __m256 abs_mask = _mm256_castsi256_ps(_mm256_set1_epi32(0x7fffffff));
	__m256 cz = _mm256_mul_ps(c, _mm256_add_ps(_mm256_loadu_ps(z),
		_mm256_loadu_ps(b)));
	__m256 pos = vmax0(cz);
	/* The code is the slope on the segment of 2cz: the number s of knots
	 * strictly below it, ceil(2cz) clamped to [0, 7], looked up in a table.
	 * It is Java's sum of steps on the bits for every input: +-0 and NaN
	 * (made 0 by maxps) give s = 0 and +inf s = 7, both code 0, as the
	 * steps give for every NaN and for +inf. */
	__m256 twice = _mm256_min_ps(_mm256_max_ps(_mm256_mul_ps(
		_mm256_set1_ps(2.0f), cz), _mm256_setzero_ps()), _mm256_set1_ps(7.0f));
	__m256i s = _mm256_cvttps_epi32(_mm256_ceil_ps(twice));
	*code = _mm256_permutevar8x32_epi32(_mm256_setr_epi32(0, 1, -7, 16, -16, 7,
		-1, 0), s); /* BwRelu.SLOPE_CODES */
	/* min(3, u) returns u for NaN; the fold's min has no zero of either sign
	 * on both sides and propagates NaN from either */
	__m256 u = _mm256_min_ps(three, pos);
	__m256 v = _mm256_min_ps(u, _mm256_sub_ps(three, u));
	__m256 d1 = _mm256_sub_ps(v, _mm256_set1_ps(0.5f));
	__m256 d2 = _mm256_sub_ps(v, _mm256_set1_ps(1.0f));
	__m256 r = _mm256_sub_ps(_mm256_mul_ps(_mm256_set1_ps(1 / 6.0f), v),
		_mm256_mul_ps(_mm256_set1_ps(4 / 6.0f),
			_mm256_add_ps(d1, _mm256_and_ps(d1, abs_mask))));
	r = _mm256_add_ps(r, _mm256_mul_ps(_mm256_set1_ps(23 / 12.0f),
		_mm256_add_ps(d2, _mm256_and_ps(d2, abs_mask))));
	_mm256_storeu_ps(out, r);
}

/* One whole pass of len = 16 x cols elements: four streams a quarter apart,
 * their codes packed into one int each. */
AVX2 static void forward_pass(const float *z, float *a, int32_t *packed,
	const float *b, float c, int len)
{
	int q = len / 4, i = 0;
	__m256 vc = _mm256_set1_ps(c);
	const __m256i low = _mm256_set1_epi32(0xff);
	for (; i + 8 <= q; i += 8) {
		__m256i c0, c1, c2, c3;
		element8(z + i, b + i, vc, a + i, &c0);
		element8(z + q + i, b + q + i, vc, a + q + i, &c1);
		element8(z + 2 * q + i, b + 2 * q + i, vc, a + 2 * q + i, &c2);
		element8(z + 3 * q + i, b + 3 * q + i, vc, a + 3 * q + i, &c3);
		__m256i w = _mm256_or_si256(_mm256_and_si256(c0, low),
			_mm256_slli_epi32(_mm256_and_si256(c1, low), 8));
		w = _mm256_or_si256(w, _mm256_slli_epi32(_mm256_and_si256(c2, low), 16));
		w = _mm256_or_si256(w, _mm256_slli_epi32(c3, 24));
		_mm256_storeu_si256((__m256i *) (packed + i), w);
	}
	for (; i < q; i++) {
		int32_t c0, c1, c2, c3;
		element_scalar(z[i], b[i], c, a + i, &c0);
		element_scalar(z[q + i], b[q + i], c, a + q + i, &c1);
		element_scalar(z[2 * q + i], b[2 * q + i], c, a + 2 * q + i, &c2);
		element_scalar(z[3 * q + i], b[3 * q + i], c, a + 3 * q + i, &c3);
		packed[i] = (int32_t) ((uint32_t) (c0 & 0xff) | (uint32_t) (c1 & 0xff) << 8
			| (uint32_t) (c2 & 0xff) << 16 | (uint32_t) c3 << 24);
	}
}

static int check(JNIEnv *env, jobject buffer, jlong elements) {
	jlong capacity = (*env)->GetDirectBufferCapacity(env, buffer);
	return capacity >= 0 && elements >= 0 && elements <= capacity
		&& (*env)->GetDirectBufferAddress(env, buffer) != NULL;
}

JNIEXPORT jboolean JNICALL
Java_io_github_reluinr_nn_NativeKernels_cpuSupported(JNIEnv *env, jclass cls)
{
	__builtin_cpu_init();
	return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}

/* BwRelu.forwardPieceRows: rows [from, to) of z into a (may be z) and the
 * pieces; from is a multiple of 16, bias the bias repeated 16 times. */
JNIEXPORT jint JNICALL
Java_io_github_reluinr_nn_NativeKernels_bwReluForward(JNIEnv *env, jclass cls,
	jobject zBuffer, jobject aBuffer, jobject piecesBuffer,
	jfloatArray repeatedBias, jfloat c, jint cols, jlong from, jlong to)
{
	if (cols <= 0 || from < 0 || to < from || from % PASS_ROWS != 0
		|| (*env)->GetArrayLength(env, repeatedBias) < PASS_ROWS * cols
		|| !check(env, zBuffer, to * cols) || !check(env, aBuffer, to * cols)
		|| !check(env, piecesBuffer, to * cols))
		return -1;
	const float *z = (*env)->GetDirectBufferAddress(env, zBuffer);
	float *a = (*env)->GetDirectBufferAddress(env, aBuffer);
	int8_t *pieces = (*env)->GetDirectBufferAddress(env, piecesBuffer);
	float *b = (*env)->GetPrimitiveArrayCritical(env, repeatedBias, NULL);
	if (b == NULL) return -1;
	for (jlong r = from; r < to; r += PASS_ROWS) {
		jlong rows = to - r < PASS_ROWS ? to - r : PASS_ROWS;
		jlong base = r * cols;
		int len = (int) (rows * cols);
		if (rows == PASS_ROWS) {
			forward_pass(z + base, a + base, (int32_t *) (pieces + base), b, c,
				len);
			continue;
		}
		for (int j = 0; j < len; j++) { /* the array's last rows: plain bytes */
			int32_t code;
			element_scalar(z[base + j], b[j], c, a + base + j, &code);
			pieces[base + j] = (int8_t) code;
		}
	}
	(*env)->ReleasePrimitiveArrayCritical(env, repeatedBias, b, JNI_ABORT);
	return 0;
}

/* sums[j] += g[k][j] in double, rows in order (RowKernels.addColumnSums) */
AVX2 static void add_column_sums(const float *g, int rows, int cols,
	double *sums)
{
	for (int k = 0; k < rows; k++) {
		const float *row = g + (jlong) k * cols;
		int j = 0;
		for (; j + 4 <= cols; j += 4)
			_mm256_storeu_pd(sums + j, _mm256_add_pd(_mm256_loadu_pd(sums + j),
				_mm256_cvtps_pd(_mm_loadu_ps(row + j))));
		for (; j < cols; j++)
			sums[j] += row[j];
	}
}

AVX2 static inline void scale8(float *g, __m256i code, __m256 c6) {
	__m256 slope = _mm256_mul_ps(c6, _mm256_cvtepi32_ps(code));
	_mm256_storeu_ps(g, _mm256_mul_ps(_mm256_loadu_ps(g), slope));
}

AVX2 static void backward_pass(const int32_t *packed, float *g, float c6,
	int len)
{
	int q = len / 4, i = 0;
	__m256 vc6 = _mm256_set1_ps(c6);
	for (; i + 8 <= q; i += 8) {
		__m256i w = _mm256_loadu_si256((const __m256i *) (packed + i));
		scale8(g + i, _mm256_srai_epi32(_mm256_slli_epi32(w, 24), 24), vc6);
		scale8(g + q + i, _mm256_srai_epi32(_mm256_slli_epi32(w, 16), 24), vc6);
		scale8(g + 2 * q + i, _mm256_srai_epi32(_mm256_slli_epi32(w, 8), 24),
			vc6);
		scale8(g + 3 * q + i, _mm256_srai_epi32(w, 24), vc6);
	}
	for (; i < q; i++) {
		int32_t w = packed[i];
		g[i] *= c6 * (float) (int8_t) w;
		g[q + i] *= c6 * (float) (int8_t) (w >> 8);
		g[2 * q + i] *= c6 * (float) (int8_t) (w >> 16);
		g[3 * q + i] *= c6 * (float) (w >> 24);
	}
}

/* BwRelu.backwardPieceRows: g's rows [gradRow, gradRow + rows) times the
 * slopes of the pieces' rows [pieceRow, pieceRow + rows), column sums into
 * sums. */
JNIEXPORT jint JNICALL
Java_io_github_reluinr_nn_NativeKernels_bwReluBackward(JNIEnv *env, jclass cls,
	jobject piecesBuffer, jlong pieceRow, jobject gBuffer, jlong gradRow,
	jint rows, jint cols, jfloat c6, jdoubleArray sums)
{
	if (cols <= 0 || rows < 0 || pieceRow < 0 || gradRow < 0
		|| pieceRow % PASS_ROWS != 0
		|| (*env)->GetArrayLength(env, sums) < cols
		|| !check(env, piecesBuffer, (pieceRow + rows) * cols)
		|| !check(env, gBuffer, (gradRow + rows) * cols))
		return -1;
	const int8_t *pieces = (*env)->GetDirectBufferAddress(env, piecesBuffer);
	float *g = (*env)->GetDirectBufferAddress(env, gBuffer);
	double *s = (*env)->GetPrimitiveArrayCritical(env, sums, NULL);
	if (s == NULL) return -1;
	for (int k = 0; k < rows; k += PASS_ROWS) {
		int pass = rows - k < PASS_ROWS ? rows - k : PASS_ROWS;
		jlong base = (pieceRow + k) * cols;
		float *gp = g + (gradRow + k) * cols;
		int len = pass * cols;
		if (pass == PASS_ROWS)
			backward_pass((const int32_t *) (pieces + base), gp, c6, len);
		else
			for (int j = 0; j < len; j++)
				gp[j] *= c6 * (float) pieces[base + j];
		add_column_sums(gp, pass, cols, s);
	}
	(*env)->ReleasePrimitiveArrayCritical(env, sums, s, 0);
	return 0;
}

/*
 * The thin products of the first and the output layer (a few coordinates in, a
 * few channels out). OpenBLAS runs them far below its speed on the wide
 * layers: a 2048 x 2 x 300 product took as long as the activation of its
 * output. BlockedPass calls these on the rows one thread's activation kernel
 * works on, while they are in that core's caches. Each fixes its order of
 * rounding by rows and columns alone (not by the row count or the thread), so
 * tiled and untiled runs still agree to the bit.
 */

/* z[r][j] = x[r][0] w[0][j], then fmaf(x[r][i], w[i][j], z[r][j]) for
 * i = 1..k-1 (for k = 2 the order of OpenBLAS's AVX2 kernels) */
AVX2 static void thin_forward(const float *x, int k, const float *w, float *z,
	int cols, jlong from, jlong to)
{
	for (jlong r = from; r < to; r++) {
		const float *xr = x + r * k;
		float *zr = z + r * cols;
		int j = 0;
		for (; j + 8 <= cols; j += 8) {
			__m256 acc = _mm256_mul_ps(_mm256_set1_ps(xr[0]),
				_mm256_loadu_ps(w + j));
			for (int i = 1; i < k; i++)
				acc = _mm256_fmadd_ps(_mm256_set1_ps(xr[i]),
					_mm256_loadu_ps(w + (jlong) i * cols + j), acc);
			_mm256_storeu_ps(zr + j, acc);
		}
		for (; j < cols; j++) {
			float acc = xr[0] * w[j];
			for (int i = 1; i < k; i++)
				acc = fmaf(xr[i], w[(jlong) i * cols + j], acc);
			zr[j] = acc;
		}
	}
}

/* horizontal sum of 8 lanes in a fixed order: (0+4, 1+5, 2+6, 3+7), then
 * pairs, then the last two */
AVX2 static inline float hsum8(__m256 v) {
	__m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
	s = _mm_add_ps(s, _mm_movehl_ps(s, s));
	s = _mm_add_ss(s, _mm_shuffle_ps(s, s, 1));
	return _mm_cvtss_f32(s);
}

/* out[r][o] = sum over j of a[r][j] wt[o][j]: eight lanes of fmas over
 * j = 0, 8, 16, ..., summed by hsum8, then the last cols % 8 terms in order */
AVX2 static void row_dots(const float *a, const float *wt, int outputs,
	float *out, int cols, jlong from, jlong to)
{
	for (jlong r = from; r < to; r++) {
		const float *ar = a + r * cols;
		for (int o = 0; o < outputs; o++) {
			const float *w = wt + (jlong) o * cols;
			__m256 acc = _mm256_setzero_ps();
			int j = 0;
			for (; j + 8 <= cols; j += 8)
				acc = _mm256_fmadd_ps(_mm256_loadu_ps(ar + j),
					_mm256_loadu_ps(w + j), acc);
			float s = hsum8(acc);
			for (; j < cols; j++)
				s = fmaf(ar[j], w[j], s);
			out[r * outputs + o] = s;
		}
	}
}

/* g[r][j] = d[r] w[j] (one output channel: OpenBLAS's k = 1 product, exactly) */
AVX2 static void outer_rows(const float *d, const float *w, float *g,
	int cols, int rows)
{
	for (int r = 0; r < rows; r++) {
		__m256 dr = _mm256_set1_ps(d[r]);
		float *gr = g + (jlong) r * cols;
		int j = 0;
		for (; j + 8 <= cols; j += 8)
			_mm256_storeu_ps(gr + j, _mm256_mul_ps(dr, _mm256_loadu_ps(w + j)));
		for (; j < cols; j++)
			gr[j] = d[r] * w[j];
	}
}

/* sums[i][j] += sum over rows r of x[r][i] g[r][j]: per pass of 16 rows (or
 * fewer at the end) a float fma chain down the rows, added into the double
 * sums, so the weight gradient of a thin layer is summed as its bias is */
AVX2 static void weighted_sums(const float *x, int k, const float *g, int cols,
	int rows, double *sums)
{
	for (int p = 0; p < rows; p += PASS_ROWS) {
		int n = rows - p < PASS_ROWS ? rows - p : PASS_ROWS;
		const float *xp = x + (jlong) p * k;
		const float *gp = g + (jlong) p * cols;
		for (int i = 0; i < k; i++) {
			double *s = sums + (jlong) i * cols;
			int j = 0;
			for (; j + 8 <= cols; j += 8) {
				__m256 acc = _mm256_mul_ps(_mm256_set1_ps(xp[i]),
					_mm256_loadu_ps(gp + j));
				for (int r = 1; r < n; r++)
					acc = _mm256_fmadd_ps(_mm256_set1_ps(xp[(jlong) r * k + i]),
						_mm256_loadu_ps(gp + (jlong) r * cols + j), acc);
				_mm256_storeu_pd(s + j, _mm256_add_pd(_mm256_loadu_pd(s + j),
					_mm256_cvtps_pd(_mm256_castps256_ps128(acc))));
				_mm256_storeu_pd(s + j + 4, _mm256_add_pd(
					_mm256_loadu_pd(s + j + 4),
					_mm256_cvtps_pd(_mm256_extractf128_ps(acc, 1))));
			}
			for (; j < cols; j++) {
				float acc = xp[i] * gp[j];
				for (int r = 1; r < n; r++)
					acc = fmaf(xp[(jlong) r * k + i], gp[(jlong) r * cols + j], acc);
				s[j] += acc;
			}
		}
	}
}

JNIEXPORT jint JNICALL
Java_io_github_reluinr_nn_NativeKernels_thinForward(JNIEnv *env, jclass cls,
	jobject xBuffer, jint k, jobject wBuffer, jobject zBuffer, jint cols,
	jlong from, jlong to)
{
	if (k <= 0 || cols <= 0 || from < 0 || to < from
		|| !check(env, xBuffer, to * k) || !check(env, wBuffer, (jlong) k * cols)
		|| !check(env, zBuffer, to * cols))
		return -1;
	thin_forward((*env)->GetDirectBufferAddress(env, xBuffer), k,
		(*env)->GetDirectBufferAddress(env, wBuffer),
		(*env)->GetDirectBufferAddress(env, zBuffer), cols, from, to);
	return 0;
}

JNIEXPORT jint JNICALL
Java_io_github_reluinr_nn_NativeKernels_rowDots(JNIEnv *env, jclass cls,
	jobject aBuffer, jint cols, jfloatArray transposedWeights, jint outputs,
	jobject outBuffer, jlong from, jlong to)
{
	if (cols <= 0 || outputs <= 0 || from < 0 || to < from
		|| (*env)->GetArrayLength(env, transposedWeights) < (jlong) outputs * cols
		|| !check(env, aBuffer, to * cols)
		|| !check(env, outBuffer, to * outputs))
		return -1;
	float *wt = (*env)->GetPrimitiveArrayCritical(env, transposedWeights, NULL);
	if (wt == NULL) return -1;
	row_dots((*env)->GetDirectBufferAddress(env, aBuffer), wt, outputs,
		(*env)->GetDirectBufferAddress(env, outBuffer), cols, from, to);
	(*env)->ReleasePrimitiveArrayCritical(env, transposedWeights, wt, JNI_ABORT);
	return 0;
}

JNIEXPORT jint JNICALL
Java_io_github_reluinr_nn_NativeKernels_outer(JNIEnv *env, jclass cls,
	jobject dBuffer, jlong dRow, jobject wBuffer, jobject gBuffer, jlong gRow,
	jint rows, jint cols)
{
	if (cols <= 0 || rows < 0 || dRow < 0 || gRow < 0
		|| !check(env, dBuffer, dRow + rows) || !check(env, wBuffer, cols)
		|| !check(env, gBuffer, (gRow + rows) * cols))
		return -1;
	const float *d = (*env)->GetDirectBufferAddress(env, dBuffer);
	float *g = (*env)->GetDirectBufferAddress(env, gBuffer);
	outer_rows(d + dRow, (*env)->GetDirectBufferAddress(env, wBuffer),
		g + gRow * cols, cols, rows);
	return 0;
}

JNIEXPORT jint JNICALL
Java_io_github_reluinr_nn_NativeKernels_weightedSums(JNIEnv *env, jclass cls,
	jobject xBuffer, jlong xRow, jint k, jobject gBuffer, jlong gRow,
	jint rows, jint cols, jdoubleArray sums)
{
	if (k <= 0 || cols <= 0 || rows < 0 || xRow < 0 || gRow < 0
		|| (*env)->GetArrayLength(env, sums) < (jlong) k * cols
		|| !check(env, xBuffer, (xRow + rows) * k)
		|| !check(env, gBuffer, (gRow + rows) * cols))
		return -1;
	const float *x = (*env)->GetDirectBufferAddress(env, xBuffer);
	const float *g = (*env)->GetDirectBufferAddress(env, gBuffer);
	double *s = (*env)->GetPrimitiveArrayCritical(env, sums, NULL);
	if (s == NULL) return -1;
	weighted_sums(x + xRow * k, k, g + gRow * cols, cols, rows, s);
	(*env)->ReleasePrimitiveArrayCritical(env, sums, s, 0);
	return 0;
}

/* setenv(name, value) unless name is set: for OpenBLAS's and libgomp's
 * settings, which they read once, when they load. Returns whether it set it. */
JNIEXPORT jboolean JNICALL
Java_io_github_reluinr_nn_NativeKernels_setIfUnset(JNIEnv *env, jclass cls,
	jstring name, jstring value)
{
	const char *n = (*env)->GetStringUTFChars(env, name, NULL);
	if (n == NULL) return JNI_FALSE;
	const char *v = (*env)->GetStringUTFChars(env, value, NULL);
	jboolean set = JNI_FALSE;
	if (v != NULL) {
		set = getenv(n) == NULL && setenv(n, v, 0) == 0;
		(*env)->ReleaseStringUTFChars(env, value, v);
	}
	(*env)->ReleaseStringUTFChars(env, name, n);
	return set;
}

/*
 * RadonOperator's Java form (projectAngle, backProjectAngle) for one angle and
 * channel: the same expressions in the same order and precision (doubles for
 * the sample positions, floats for the taps, each angle's sum over v in
 * double), so the results are the Java form's bits; in Java the two took
 * about 3.6 times as long (a 1024 x 1024 image, 100 angles: 1.4 s forward on
 * two cores against 0.77 s here on one).
 */
/* Sample v of a ray: its top-left pixel and bilinear fractions, or 0 when it
 * falls outside the image (RadonOperator's expressions, in its order) */
AVX2 static inline int radon_sample(double baseX, double baseY, double cs,
	double sn, double dv, int w, int h, int *x0, int *y0, float *fx, float *fy)
{
	double sx = baseX - sn * dv;
	double sy = baseY + cs * dv;
	if (!(sx > -1 && sx < w && sy > -1 && sy < h)) return 0;
	*x0 = (int) floor(sx);
	*y0 = (int) floor(sy);
	*fx = (float) (sx - *x0);
	*fy = (float) (sy - *y0);
	return 1;
}

AVX2 static void radon_project(const float *in, float *res, int w, int h, int c,
	int ch, int a, double cs, double sn, double cx, double cy, double dc)
{
	for (int u = 0; u < w; u++) {
		double du = u - dc;
		double baseX = cx + cs * du;
		double baseY = cy + sn * du;
		double sum = 0;
		for (int v = 0; v < h; v++) {
			int x0, y0;
			float fx, fy;
			if (!radon_sample(baseX, baseY, cs, sn, v - cy, w, h, &x0, &y0,
				&fx, &fy)) continue;
			float gx = 1.0f - fx;
			float gy = 1.0f - fy;
			jlong p = (jlong) y0 * w + x0;
			if (x0 >= 0 && y0 >= 0 && x0 < w - 1 && y0 < h - 1) {
				sum += gy * (gx * in[p * c + ch] + fx * in[(p + 1) * c + ch])
					+ fy * (gx * in[(p + w) * c + ch]
						+ fx * in[(p + w + 1) * c + ch]);
			}
			else {
				int left = x0 >= 0, right = x0 + 1 < w, top = y0 >= 0,
					bottom = y0 + 1 < h;
				if (top && left) sum += gy * gx * in[p * c + ch];
				if (top && right) sum += gy * fx * in[(p + 1) * c + ch];
				if (bottom && left) sum += fy * gx * in[(p + w) * c + ch];
				if (bottom && right) sum += fy * fx * in[(p + w + 1) * c + ch];
			}
		}
		res[((jlong) a * w + u) * c + ch] = (float) sum;
	}
}

AVX2 static void radon_back_project(const float *in, float *acc, int w, int h,
	int c, int ch, int a, double cs, double sn, double cx, double cy, double dc)
{
	for (int u = 0; u < w; u++) {
		float value = in[((jlong) a * w + u) * c + ch];
		if (value == 0.0f) continue;
		double du = u - dc;
		double baseX = cx + cs * du;
		double baseY = cy + sn * du;
		for (int v = 0; v < h; v++) {
			int x0, y0;
			float fx, fy;
			if (!radon_sample(baseX, baseY, cs, sn, v - cy, w, h, &x0, &y0,
				&fx, &fy)) continue;
			float gx = 1.0f - fx;
			float gy = 1.0f - fy;
			jlong p = (jlong) y0 * w + x0;
			int left = x0 >= 0, right = x0 + 1 < w, top = y0 >= 0,
				bottom = y0 + 1 < h;
			float upper = gy * value;
			float lower = fy * value;
			if (top && left) acc[p * c + ch] += gx * upper;
			if (top && right) acc[(p + 1) * c + ch] += fx * upper;
			if (bottom && left) acc[(p + w) * c + ch] += gx * lower;
			if (bottom && right) acc[(p + w + 1) * c + ch] += fx * lower;
		}
	}
}

static int radon_args_ok(int w, int h, int c, int ch, int a)
{
	return w > 0 && h > 0 && c > 0 && ch >= 0 && ch < c && a >= 0;
}

JNIEXPORT jint JNICALL
Java_io_github_reluinr_op_NativeRadon_projectNative(JNIEnv *env, jclass cls,
	jobject image, jint imageBase, jobject sinogram, jint sinogramBase,
	jint w, jint h, jint c, jint ch, jint a, jdouble cs, jdouble sn,
	jdouble cx, jdouble cy, jdouble dc)
{
	if (!radon_args_ok(w, h, c, ch, a) || imageBase < 0 || sinogramBase < 0
		|| !check(env, image, imageBase + (jlong) w * h * c)
		|| !check(env, sinogram, sinogramBase + ((jlong) a + 1) * w * c))
		return -1;
	const float *in = (*env)->GetDirectBufferAddress(env, image);
	float *res = (*env)->GetDirectBufferAddress(env, sinogram);
	radon_project(in + imageBase, res + sinogramBase, w, h, c, ch, a, cs, sn,
		cx, cy, dc);
	return 0;
}

JNIEXPORT jint JNICALL
Java_io_github_reluinr_op_NativeRadon_backProjectNative(JNIEnv *env, jclass cls,
	jobject sinogram, jint sinogramBase, jfloatArray accumulator, jint w,
	jint h, jint c, jint ch, jint a, jdouble cs, jdouble sn, jdouble cx,
	jdouble cy, jdouble dc)
{
	if (!radon_args_ok(w, h, c, ch, a) || sinogramBase < 0
		|| (*env)->GetArrayLength(env, accumulator) < (jlong) w * h * c
		|| !check(env, sinogram, sinogramBase + ((jlong) a + 1) * w * c))
		return -1;
	const float *in = (*env)->GetDirectBufferAddress(env, sinogram);
	float *acc = (*env)->GetPrimitiveArrayCritical(env, accumulator, NULL);
	if (acc == NULL) return -1;
	radon_back_project(in + sinogramBase, acc, w, h, c, ch, a, cs, sn, cx, cy,
		dc);
	(*env)->ReleasePrimitiveArrayCritical(env, accumulator, acc, 0);
	return 0;
}
