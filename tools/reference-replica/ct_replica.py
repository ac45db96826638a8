#!/usr/bin/env python3
"""An independent numpy (float32) implementation of the reference code's CT experiment, written from the
semantics stated in REFERENCE.md (BW-ReLU INR 3x128, c 3; Radon = kornia-style bilinear rotation about
((W-1)/2, (H-1)/2) and row sums; PyTorch's Adam; lr 2e-3 * 0.1^min(t/500, 1); 1000 epochs), to compare
relu-inr against an implementation of the reference that runs here (PyTorch does not). See README: Quality.

Usage (numpy and scipy; results in $REPLICA_OUT, default target/replica):
  python3 ct_replica.py checks                       # gradient, adjoint, disk and rotation-direction checks
  python3 ct_replica.py train SEED [SEED ...] [--epochs N] [--horizon H]
  python3 ct_replica.py init SEED FILE               # the initial weights of SEED, for
                                                     # scripts/relu-inr reference-check --init-weights FILE
"""
import os, sys, time, zlib, struct, json
import numpy as np
import scipy.sparse as sp

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.environ.get('REPLICA_OUT', os.path.join(HERE, '..', '..', 'target', 'replica'))
IMG = os.path.join(HERE, '..', '..', 'src', 'main', 'resources', 'io', 'github', 'reluinr', 'images', 'camera-128.png')

# ----------------------------------------------------------------------------- PNG I/O (stdlib only)

def read_png_gray(path):
    d = open(path, 'rb').read()
    assert d[:8] == b'\x89PNG\r\n\x1a\n'
    pos, idat, hdr = 8, b'', None
    while pos < len(d):
        ln, = struct.unpack('>I', d[pos:pos + 4]); typ = d[pos + 4:pos + 8]
        body = d[pos + 8:pos + 8 + ln]; pos += 12 + ln
        if typ == b'IHDR':
            hdr = struct.unpack('>IIBBBBB', body)
        elif typ == b'IDAT':
            idat += body
        elif typ == b'IEND':
            break
    w, h, bd, ct, _, _, il = hdr
    assert bd == 8 and il == 0
    ch = {0: 1, 2: 3, 4: 2, 6: 4}[ct]
    raw = zlib.decompress(idat)
    stride = w * ch
    out = np.zeros((h, stride), np.uint8)
    prev = np.zeros(stride, np.int32)
    p = 0
    for r in range(h):
        f = raw[p]; line = np.frombuffer(raw[p + 1:p + 1 + stride], np.uint8).astype(np.int32); p += 1 + stride
        cur = np.zeros(stride, np.int32)
        for i in range(stride):
            a = cur[i - ch] if i >= ch else 0
            b = prev[i]
            c = prev[i - ch] if i >= ch else 0
            if f == 0: pr = 0
            elif f == 1: pr = a
            elif f == 2: pr = b
            elif f == 3: pr = (a + b) // 2
            else:
                pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
                pr = a if (pa <= pb and pa <= pc) else (b if pb <= pc else c)
            cur[i] = (line[i] + pr) & 255
        out[r] = cur; prev = cur
    img = out.reshape(h, w, ch)
    return img[..., 0] if ch in (1, 2) else img  # gray (or RGB)


def write_png_gray(path, img01):
    a = (np.clip(img01, 0, 1) * 255 + 0.5).astype(np.uint8)
    h, w = a.shape
    raw = b''.join(b'\x00' + a[r].tobytes() for r in range(h))
    def chunk(t, b):
        return struct.pack('>I', len(b)) + t + b + struct.pack('>I', zlib.crc32(t + b) & 0xffffffff)
    png = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 0, 0, 0, 0)) \
        + chunk(b'IDAT', zlib.compress(raw, 9)) + chunk(b'IEND', b'')
    open(path, 'wb').write(png)

# ----------------------------------------------------------------------------- Radon operator (kornia.geometry.rotate + sum over rows)

def rot_sample_points(H, W, deg):
    """Source sample points (sx, sy) in pixel coords for every destination pixel, kornia/OpenCV convention.
    M = [[a, b, (1-a)cx - b cy], [-b, a, b cx + (1-a)cy]] maps src->dst; sample src at M^-1 dst."""
    ang = np.float32(deg) * np.float32(np.pi) / np.float32(180.0)  # kornia deg2rad in float32
    a, b = float(np.cos(np.float64(ang))), float(np.sin(np.float64(ang)))
    cx, cy = (W - 1) / 2.0, (H - 1) / 2.0
    yy, xx = np.meshgrid(np.arange(H, dtype=np.float64), np.arange(W, dtype=np.float64), indexing='ij')
    dx, dy = xx - cx, yy - cy
    sx = a * dx - b * dy + cx
    sy = b * dx + a * dy + cy
    return sx, sy  # (H, W), indexed by destination (row, col)


def build_radon(H, W, thetas):
    rows, cols, vals = [], [], []
    for k, t in enumerate(thetas):
        sx, sy = rot_sample_points(H, W, t)
        x0 = np.floor(sx); y0 = np.floor(sy)
        fx = sx - x0; fy = sy - y0
        x0 = x0.astype(np.int64); y0 = y0.astype(np.int64)
        dst_col = np.broadcast_to(np.arange(W)[None, :], (H, W))
        r = k * W + dst_col
        for ox, oy, w in ((0, 0, (1 - fx) * (1 - fy)), (1, 0, fx * (1 - fy)), (0, 1, (1 - fx) * fy), (1, 1, fx * fy)):
            xi, yi = x0 + ox, y0 + oy
            ok = (xi >= 0) & (xi < W) & (yi >= 0) & (yi < H) & (w != 0)
            rows.append(r[ok]); cols.append((yi * W + xi)[ok]); vals.append(w[ok])
    A = sp.coo_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                      shape=(len(thetas) * W, H * W)).tocsr()
    A.sum_duplicates()
    return A

# ----------------------------------------------------------------------------- BW-ReLU activation

COEF = np.array([1 / 6, -8 / 6, 23 / 6, -16 / 3, 23 / 6, -8 / 6, 1 / 6])  # at knots k/2, k=0..6


def psi_literal(z, c):
    dt = z.dtype
    u = dt.type(c) * z
    out = np.zeros_like(z)
    for k, a in enumerate(COEF):
        out += dt.type(a) * np.maximum(u - dt.type(k / 2), 0)
    return out


# piecewise-linear form: on [k/2, (k+1)/2) value = KV[k] + SL[k]*(u - k/2); outside [0,3] zero
_SL = np.cumsum(COEF)[:6]                       # slopes on the six intervals
_KV = np.concatenate([[0], np.cumsum(_SL * 0.5)])[:6]  # values at left knots


def psi_and_dpsi(z, c):
    """Value and derivative (d/dz) of psi_c, derivative uses the relu'(0)=0 convention (strict >)."""
    dt = z.dtype
    u = dt.type(c) * z
    idx = np.floor(u * dt.type(2)).astype(np.int16)  # interval index
    inside = (u > 0) & (u < 3)
    np.clip(idx, 0, 5, out=idx)
    sl = _SL.astype(dt); kv = _KV.astype(dt)
    s = np.where(inside, sl[idx], dt.type(0))
    val = np.where(inside, kv[idx] + s * (u - idx.astype(dt) * dt.type(0.5)), dt.type(0))
    # derivative at interior knots: relu' strict => slope of the interval to the left (u exactly on knot k/2 -> sum of a_j, j<k)
    on_knot = inside & (u * dt.type(2) == np.floor(u * dt.type(2)))
    if on_knot.any():
        s = np.where(on_knot, sl[np.maximum(idx - 1, 0)] * (idx > 0), s)
    return val, s * dt.type(c)

# ----------------------------------------------------------------------------- MLP

def init_params(rng, sizes, dtype=np.float32):
    P = []
    for fin, fout in zip(sizes[:-1], sizes[1:]):
        bd = 1.0 / np.sqrt(fin)
        W = rng.uniform(-bd, bd, size=(fout, fin)).astype(dtype)
        b = rng.uniform(-bd, bd, size=(fout,)).astype(dtype)
        P += [W, b]
    return P


def forward(P, X, c):
    cache = [X]
    h = X
    nL = len(P) // 2
    for l in range(nL):
        W, b = P[2 * l], P[2 * l + 1]
        z = h @ W.T + b
        if l < nL - 1:
            h, d = psi_and_dpsi(z, c)
            cache.append((h, d))
        else:
            h = z
    return h[:, 0], cache


def backward(P, cache, gout):
    nL = len(P) // 2
    G = [None] * len(P)
    dz = gout[:, None]
    for l in range(nL - 1, -1, -1):
        hin = cache[0] if l == 0 else cache[l][0]
        G[2 * l] = dz.T @ hin
        G[2 * l + 1] = dz.sum(0)
        if l > 0:
            dh = dz @ P[2 * l]
            dz = dh * cache[l][1]
    return G


def loss_and_grad(P, X, A, AT, y, c):
    f, cache = forward(P, X, c)
    r = A @ f - y
    M = r.size
    loss = float(np.dot(r.astype(np.float64), r.astype(np.float64)) / M)
    gf = (AT @ r) * f.dtype.type(2.0 / M)
    return loss, backward(P, cache, gf.astype(f.dtype)), f

# ----------------------------------------------------------------------------- setup

def setup(dtype=np.float32):
    img = read_png_gray(IMG).astype(np.float32)
    img = (img - img.min()) / (img.max() - img.min())
    H, W = img.shape
    thetas = np.linspace(0, 180, 100, dtype=np.float32)
    A = build_radon(H, W, thetas).astype(dtype)
    AT = A.T.tocsr()
    xs = np.linspace(-1, 1, W, dtype=np.float32); ys = np.linspace(-1, 1, H, dtype=np.float32)
    Xg, Yg = np.meshgrid(xs, ys, indexing='xy')
    X = np.stack([Xg.ravel(), Yg.ravel()], 1).astype(dtype)
    xt = img.ravel().astype(dtype)
    y = (A @ xt).astype(dtype)
    return img, H, W, thetas, A, AT, X, xt, y

# ----------------------------------------------------------------------------- checks

def checks():
    res = {}
    img, H, W, thetas, A, AT, X, xt, y = setup(np.float64)
    rng = np.random.default_rng(123)
    # (0) psi forms agree
    z = rng.normal(0, 1, 100000)
    res['psi_forms_maxdiff'] = float(np.abs(psi_literal(z, 3.0) - psi_and_dpsi(z, 3.0)[0]).max())
    eps = 1e-6
    num_d = (psi_literal(z + eps, 3.0) - psi_literal(z - eps, 3.0)) / (2 * eps)
    res['dpsi_vs_fd_maxdiff'] = float(np.abs(num_d - psi_and_dpsi(z, 3.0)[1]).max())
    # (2) adjoint
    u = rng.normal(size=H * W); v = rng.normal(size=A.shape[0])
    lhs, rhs = float(np.dot(A @ u, v)), float(np.dot(u, AT @ v))
    res['adjoint'] = dict(lhs=lhs, rhs=rhs, rel=abs(lhs - rhs) / abs(lhs))
    # (1) finite-difference gradient check (float64)
    P = init_params(np.random.default_rng(0), [2, 128, 128, 128, 1], np.float64)
    L0, G, _ = loss_and_grad(P, X, A, AT, y, 3.0)
    fd = []
    for (pi, ix) in [(0, (5, 1)), (1, (17,)), (2, (3, 40)), (3, (99,)), (4, (64, 7)), (5, (0,)), (6, (0, 77)), (7, (0,))]:
        h = 1e-6
        Pp = [p.copy() for p in P]; Pp[pi][ix] += h
        Pm = [p.copy() for p in P]; Pm[pi][ix] -= h
        num = (loss_and_grad(Pp, X, A, AT, y, 3.0)[0] - loss_and_grad(Pm, X, A, AT, y, 3.0)[0]) / (2 * h)
        an = float(G[pi][ix])
        fd.append(dict(param=pi, idx=ix, analytic=an, numeric=num, rel=abs(an - num) / max(abs(num), 1e-30)))
    res['gradcheck'] = fd
    # (3) disk r=40 at 37 degrees
    r0 = 40
    yy, xx = np.mgrid[0:H, 0:W]
    cx, cy = (W - 1) / 2, (H - 1) / 2
    disk = (((xx - cx) ** 2 + (yy - cy) ** 2) <= r0 ** 2).astype(np.float64)
    A37 = build_radon(H, W, np.array([37.0], np.float32))
    s = A37 @ disk.ravel()
    t = np.arange(W) - cx
    ana = 2 * np.sqrt(np.maximum(r0 ** 2 - t ** 2, 0))
    res['disk37'] = dict(max_abs_err=float(np.abs(s - ana).max()), mean_abs_err=float(np.abs(s - ana).mean()),
                         centre_val=float(s[W // 2]), centre_ana=float(ana[W // 2]))
    # (4) rotation direction: bright pixel right of centre, +90 deg
    Hh = Wh = 9  # odd size so the centre is a pixel
    im = np.zeros((Hh, Wh)); im[4, 7] = 1.0  # centre (4,4); pixel 3 to the right
    sx, sy = rot_sample_points(Hh, Wh, 90.0)
    # destination image by exact bilinear sampling
    out = np.zeros((Hh, Wh))
    for rr in range(Hh):
        for cc in range(Wh):
            X0, Y0 = sx[rr, cc], sy[rr, cc]
            x0, y0 = int(np.floor(X0)), int(np.floor(Y0)); fx, fy = X0 - x0, Y0 - y0
            for ox, oy, w in ((0, 0, (1 - fx) * (1 - fy)), (1, 0, fx * (1 - fy)), (0, 1, (1 - fx) * fy), (1, 1, fx * fy)):
                xi, yi = x0 + ox, y0 + oy
                if 0 <= xi < Wh and 0 <= yi < Hh:
                    out[rr, cc] += w * im[yi, xi]
    rr, cc = np.unravel_index(np.argmax(out), out.shape)
    res['rot90'] = dict(src=(4, 7), dst_row_col=(int(rr), int(cc)), dst_val=float(out[rr, cc]))
    # sinogram of camera image: angle 0 equals column sums
    res['sino_angle0_vs_colsum'] = float(np.abs(y.reshape(100, W)[0] - img.astype(np.float64).sum(0)).max())
    res['A_shape'] = A.shape; res['A_nnz'] = int(A.nnz)
    print(json.dumps(res, indent=1, default=str))

# ----------------------------------------------------------------------------- training

def train(seed, epochs=1000, horizon=500, lr0=2e-3, decay=0.1, c=3.0, log_every=100, save=False):
    img, H, W, thetas, A, AT, X, xt, y = setup(np.float32)
    if save:
        y.astype('<f4').tofile(os.path.join(OUT, 'sino_camera128.f32'))
    rng = np.random.default_rng(seed)
    P = init_params(rng, [2, 128, 128, 128, 1], np.float32)
    m = [np.zeros_like(p) for p in P]; v = [np.zeros_like(p) for p in P]
    b1, b2, eps = 0.9, 0.999, 1e-8
    t0 = time.time()
    best = (-np.inf, -1); psnrs = []; losses = []
    for i in range(epochs):
        loss, G, f = loss_and_grad(P, X, A, AT, y, c)
        mse = float(np.mean((f.astype(np.float64) - xt.astype(np.float64)) ** 2))
        ps = 10 * np.log10(1.0 / mse)
        psnrs.append(ps); losses.append(loss)
        if ps > best[0]:
            best = (ps, i)
            if save: best_img = f.copy()
        lr = lr0 * decay ** min(i / horizon, 1.0)
        t = i + 1
        bc1, bc2 = 1 - b1 ** t, 1 - b2 ** t
        for k in range(len(P)):
            g = G[k].astype(np.float32)
            m[k] *= np.float32(b1); m[k] += np.float32(1 - b1) * g
            v[k] *= np.float32(b2); v[k] += np.float32(1 - b2) * g * g
            # torch (foreach/single-tensor, non-capturable): p -= (lr/bc1) * m / (sqrt(v)/sqrt(bc2) + eps)
            denom = np.sqrt(v[k]) / np.float32(np.sqrt(bc2)) + np.float32(eps)
            P[k] -= np.float32(lr / bc1) * m[k] / denom
        if (i + 1) % log_every == 0 or i == 0:
            print(f'seed {seed} epoch {i + 1:5d} loss {loss:.4e} psnr {ps:.3f} best {best[0]:.3f}@{best[1]} lr {lr:.2e} '
                  f't {time.time() - t0:.0f}s', flush=True)
    f_post, _ = forward(P, X, c)
    ps_post = 10 * np.log10(1.0 / float(np.mean((f_post.astype(np.float64) - xt) ** 2)))
    loss_post = float(np.mean((A @ f_post - y).astype(np.float64) ** 2))
    secs = time.time() - t0
    out = dict(seed=seed, final_psnr_lastfwd=psnrs[-1], final_loss_lastfwd=losses[-1],
               psnr_after_last_step=ps_post, loss_after_last_step=loss_post,
               max_psnr=best[0], max_epoch=best[1], secs=secs, epochs=epochs, horizon=horizon)
    if save:
        f.reshape(H, W).astype('<f4').tofile(os.path.join(OUT, 'recon_seed0.f32'))
        write_png_gray(os.path.join(OUT, 'recon_seed0.png'), f.reshape(H, W))
        best_img.reshape(H, W).astype('<f4').tofile(os.path.join(OUT, 'recon_seed0_best.f32'))
        np.save(os.path.join(OUT, 'psnr_curve_seed0.npy'), np.array(psnrs))
    print('RESULT ' + json.dumps(out), flush=True)
    return out


if __name__ == '__main__':
    os.makedirs(OUT, exist_ok=True)
    if sys.argv[1] == 'checks':
        checks()
    elif sys.argv[1] == 'init':
        # flat little-endian float32, per layer W [out, in] then b: PyTorch's layout
        P = init_params(np.random.default_rng(int(sys.argv[2])), [2, 128, 128, 128, 1], np.float32)
        np.concatenate([p.ravel() for p in P]).astype('<f4').tofile(sys.argv[3])
    else:
        args = sys.argv[2:]
        epochs, horizon = 1000, 500
        if '--epochs' in args:
            j = args.index('--epochs'); epochs = int(args[j + 1]); del args[j:j + 2]
        if '--horizon' in args:
            j = args.index('--horizon'); horizon = int(args[j + 1]); del args[j:j + 2]
        for s in map(int, args):
            train(s, epochs=epochs, horizon=horizon, save=(s == 0 and epochs == 1000 and horizon == 500))
