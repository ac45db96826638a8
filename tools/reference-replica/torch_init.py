"""The initial weights PyTorch (1.13, CPU) gives the reference's 3x128 BW-ReLU INR after torch.manual_seed(SEED),
computed without torch: its generator is mt19937 (init_genrand); uniform_ on float32 serially takes
((r & 0xFFFFFF) / 2^24) * (to - from) + from in double; each nn.Linear draws its weight (out x in, row-major)
and then its bias, both U(-1/sqrt(fan_in), 1/sqrt(fan_in)). Checks: mt19937(5489)'s 1st and 10000th outputs
(the C++ standard's), and torch.manual_seed(0); nn.Linear(2, .) starts with -0.0053, 0.3793.

Usage: python3 torch_init.py SEED FILE   ->  scripts/relu-inr reference-check --init-weights FILE
"""
import sys, math, numpy as np

class MT19937:
    def __init__(self, seed):
        self.mt = [0] * 624
        self.mt[0] = seed & 0xffffffff
        for i in range(1, 624):
            self.mt[i] = (1812433253 * (self.mt[i - 1] ^ (self.mt[i - 1] >> 30)) + i) & 0xffffffff
        self.i = 624
    def next(self):
        if self.i >= 624:
            mt = self.mt
            for k in range(624):
                y = (mt[k] & 0x80000000) | (mt[(k + 1) % 624] & 0x7fffffff)
                mt[k] = mt[(k + 397) % 624] ^ (y >> 1) ^ (0x9908b0df if y & 1 else 0)
            self.i = 0
        y = self.mt[self.i]; self.i += 1
        y ^= y >> 11; y ^= (y << 7) & 0x9d2c5680; y ^= (y << 15) & 0xefc60000; y ^= y >> 18
        return y & 0xffffffff

g = MT19937(5489)
outs = [g.next() for _ in range(10000)]
assert outs[0] == 3499211612 and outs[-1] == 4123659995, (outs[0], outs[-1])

def uniform(g, n, bound):
    f, t = np.float32(-bound), np.float32(bound)
    span = float(np.float32(t) - np.float32(f))  # to - from in float32, as torch casts both first
    return np.array([np.float32(((g.next() & 0xFFFFFF) / 16777216.0) * span + float(f)) for _ in range(n)], np.float32)

seed, out = int(sys.argv[1]), sys.argv[2]
g = MT19937(seed)
parts = []
for fin, fout in [(2, 128), (128, 128), (128, 128), (128, 1)]:
    gain = math.sqrt(2.0 / (1 + 5))
    bw = math.sqrt(3.0) * gain / math.sqrt(fin)  # kaiming_uniform_(a=sqrt(5))
    parts.append(uniform(g, fout * fin, bw))
    parts.append(uniform(g, fout, 1 / math.sqrt(fin)))
np.concatenate(parts).astype('<f4').tofile(out)
assert seed != 0 or [round(float(v), 4) for v in parts[0][:2]] == [-0.0053, 0.3793]
print('wrote', out, sum(p.size for p in parts), 'values')
