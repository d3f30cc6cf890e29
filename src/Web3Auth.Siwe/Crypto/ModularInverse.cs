using System.Numerics;
using System.Runtime.CompilerServices;

namespace Web3Auth.Siwe.Crypto;

/// <summary>
/// Variable-time modular inversion by Bernstein–Yang "safegcd" divsteps, batched 62 at a time
/// (the approach libsecp256k1 documents in <c>doc/safegcd_implementation.md</c>).
/// </summary>
/// <remarks>
/// Fermat inversion costs ~270 multiplications; this needs about nine rounds of a few dozen word multiplications.
/// Each round derives a 2×2 transition matrix from the low 62 bits of f and g alone, then applies it to the full
/// f, g (shrinking them) and to d, e (the Bézout coefficients, kept congruent mod M). Numbers are held as five signed
/// 62-bit limbs so the matrix products fit in 128 bits without carries between limbs.
/// Variable time is fine here: ECDSA recovery only processes public data.
/// </remarks>
internal static class ModularInverse
{
    private const long Mask62 = (long)(ulong.MaxValue >> 2);

    /// <summary>The secp256k1 field prime p.</summary>
    public static readonly Modulus FieldPrime = new(0xFFFFFFFEFFFFFC2F, ulong.MaxValue, ulong.MaxValue, ulong.MaxValue);

    /// <summary>The secp256k1 group order n.</summary>
    public static readonly Modulus GroupOrder = new(0xBFD25E8CD0364141, 0xBAAEDCE6AF48A03B, 0xFFFFFFFFFFFFFFFE, ulong.MaxValue);

    /// <summary>
    /// Computes x^-1 mod M for x (four little-endian limbs) in [0, M); zero maps to zero. M must be an odd prime.
    /// </summary>
    public static void Invert(ulong x0, ulong x1, ulong x2, ulong x3, Modulus modulus, out ulong r0, out ulong r1, out ulong r2, out ulong r3)
    {
        // Invariants: f ≡ d·x and g ≡ e·x (mod M). When g reaches 0, f = ±1 = gcd, so x^-1 = ±d.
        var f = modulus.Limbs;
        var g = Signed62.FromLimbs(x0, x1, x2, x3);
        var d = default(Signed62);
        var e = new Signed62(1, 0, 0, 0, 0);
        var eta = -1L; // η = −δ of the paper

        while (!g.IsZero)
        {
            eta = DivSteps62(eta, (ulong)f.V0, (ulong)g.V0, out var t);
            UpdateDe(ref d, ref e, t, modulus);
            UpdateFg(ref f, ref g, t);
        }

        // d is in (−2M, M); bring ±d into [0, M).
        if (d.V4 < 0)
        {
            d = Signed62.Add(d, modulus.Limbs);
        }

        if (f.V4 < 0)
        {
            d = Signed62.Negate(d);
        }

        if (d.V4 < 0)
        {
            d = Signed62.Add(d, modulus.Limbs);
        }

        d.ToLimbs(out r0, out r1, out r2, out r3);
    }

    // Performs 62 divsteps on the low bits of f and g, returning the new η and the transition matrix scaled by 2^62.
    // Runs of zero bits in g are skipped at once, and up to six bits are cancelled per step with g += w·f.
    private static long DivSteps62(long eta, ulong f, ulong g, out Transition t)
    {
        ulong u = 1, v = 0, q = 0, r = 1;
        var remaining = 62;
        while (true)
        {
            var zeros = Math.Min(remaining, BitOperations.TrailingZeroCount(g));
            g >>= zeros;
            u <<= zeros; // f's row is doubled instead of halving g's row: the matrix carries a 2^62 scale
            v <<= zeros;
            eta -= zeros;
            remaining -= zeros;
            if (remaining == 0)
            {
                break;
            }

            // g is odd here.
            if (eta < 0)
            {
                eta = -eta;
                (f, g) = (g, 0 - f);
                (u, q) = (q, 0 - u);
                (v, r) = (r, 0 - v);
            }

            // Cancel as many low bits of g as η and the remaining step budget allow (at most 6):
            // w = −g/f mod 2^limit, using f·(f² − 2) ≡ −1/f (mod 2^6) for odd f.
            var limit = (int)Math.Min(Math.Min(eta + 1, remaining), 6);
            var mask = ulong.MaxValue >> (64 - limit);
            var w = (g * f * ((f * f) - 2)) & mask;
            g += f * w;
            q += u * w;
            r += v * w;
        }

        t = new Transition((long)u, (long)v, (long)q, (long)r);
        return eta;
    }

    // [f, g] ← t·[f, g] / 2^62. The division is exact: the divsteps made the low 62 bits zero.
    private static void UpdateFg(ref Signed62 f, ref Signed62 g, in Transition t)
    {
        long u = t.U, v = t.V, q = t.Q, r = t.R;
        var cf = default(Accumulator);
        var cg = default(Accumulator);
        cf.Add(u, f.V0); cf.Add(v, g.V0);
        cg.Add(q, f.V0); cg.Add(r, g.V0);
        cf.Shift62();
        cg.Shift62();

        cf.Add(u, f.V1); cf.Add(v, g.V1);
        cg.Add(q, f.V1); cg.Add(r, g.V1);
        var f0 = cf.Low62;
        var g0 = cg.Low62;
        cf.Shift62();
        cg.Shift62();

        cf.Add(u, f.V2); cf.Add(v, g.V2);
        cg.Add(q, f.V2); cg.Add(r, g.V2);
        var f1 = cf.Low62;
        var g1 = cg.Low62;
        cf.Shift62();
        cg.Shift62();

        cf.Add(u, f.V3); cf.Add(v, g.V3);
        cg.Add(q, f.V3); cg.Add(r, g.V3);
        var f2 = cf.Low62;
        var g2 = cg.Low62;
        cf.Shift62();
        cg.Shift62();

        cf.Add(u, f.V4); cf.Add(v, g.V4);
        cg.Add(q, f.V4); cg.Add(r, g.V4);
        var f3 = cf.Low62;
        var g3 = cg.Low62;
        cf.Shift62();
        cg.Shift62();

        f = new Signed62(f0, f1, f2, f3, cf.Value);
        g = new Signed62(g0, g1, g2, g3, cg.Value);
    }

    // [d, e] ← t·[d, e] / 2^62 (mod M), keeping d and e in (−2M, M). Multiples of M are added so that the low 62 bits
    // vanish (making the division exact) and so that negative inputs are first lifted by M.
    private static void UpdateDe(ref Signed62 d, ref Signed62 e, in Transition t, Modulus modulus)
    {
        long u = t.U, v = t.V, q = t.Q, r = t.R;
        var m = modulus.Limbs;
        var signD = d.V4 >> 63;
        var signE = e.V4 >> 63;
        var md = (u & signD) + (v & signE);
        var me = (q & signD) + (r & signE);

        var cd = default(Accumulator);
        var ce = default(Accumulator);
        cd.Add(u, d.V0); cd.Add(v, e.V0);
        ce.Add(q, d.V0); ce.Add(r, e.V0);

        // Choose md, me so that cd + md·M and ce + me·M end in 62 zero bits.
        md -= (long)(((modulus.Inverse62 * cd.LowWord) + (ulong)md) & (ulong)Mask62);
        me -= (long)(((modulus.Inverse62 * ce.LowWord) + (ulong)me) & (ulong)Mask62);

        cd.Add(m.V0, md);
        ce.Add(m.V0, me);
        cd.Shift62();
        ce.Shift62();

        cd.Add(u, d.V1); cd.Add(v, e.V1); cd.Add(m.V1, md);
        ce.Add(q, d.V1); ce.Add(r, e.V1); ce.Add(m.V1, me);
        var d0 = cd.Low62;
        var e0 = ce.Low62;
        cd.Shift62();
        ce.Shift62();

        cd.Add(u, d.V2); cd.Add(v, e.V2); cd.Add(m.V2, md);
        ce.Add(q, d.V2); ce.Add(r, e.V2); ce.Add(m.V2, me);
        var d1 = cd.Low62;
        var e1 = ce.Low62;
        cd.Shift62();
        ce.Shift62();

        cd.Add(u, d.V3); cd.Add(v, e.V3); cd.Add(m.V3, md);
        ce.Add(q, d.V3); ce.Add(r, e.V3); ce.Add(m.V3, me);
        var d2 = cd.Low62;
        var e2 = ce.Low62;
        cd.Shift62();
        ce.Shift62();

        cd.Add(u, d.V4); cd.Add(v, e.V4); cd.Add(m.V4, md);
        ce.Add(q, d.V4); ce.Add(r, e.V4); ce.Add(m.V4, me);
        var d3 = cd.Low62;
        var e3 = ce.Low62;
        cd.Shift62();
        ce.Shift62();

        d = new Signed62(d0, d1, d2, d3, cd.Value);
        e = new Signed62(e0, e1, e2, e3, ce.Value);
    }

    /// <summary>
    /// A signed 128-bit sum of 64×64-bit products. Hand-rolled rather than <see cref="Int128"/>, whose operators the
    /// JIT stops inlining in methods this long; the signed high word comes from the unsigned one with two corrections.
    /// </summary>
    private struct Accumulator
    {
        private ulong _low;
        private long _high;

        public readonly ulong LowWord => _low;

        public readonly long Low62 => (long)_low & Mask62;

        /// <summary>The value, once it fits in 64 bits.</summary>
        public readonly long Value => (long)_low;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add(long a, long b)
        {
            // (a·b) as signed = unsigned product − 2^64·(b if a < 0) − 2^64·(a if b < 0).
            var high = (long)Limb.Mul((ulong)a, (ulong)b, out var low) - ((a >> 63) & b) - ((b >> 63) & a);
            _low += low;
            _high += high + (_low < low ? 1L : 0L);
        }

        /// <summary>Arithmetic shift right by 62 bits.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Shift62()
        {
            _low = (_low >> 62) | ((ulong)_high << 2);
            _high >>= 62;
        }
    }

    /// <summary>An odd modulus in signed-62 form, with its inverse mod 2^62.</summary>
    internal sealed class Modulus
    {
        public Modulus(ulong m0, ulong m1, ulong m2, ulong m3)
        {
            Limbs = Signed62.FromLimbs(m0, m1, m2, m3);

            // Newton's iteration doubles the correct low bits each round: 3 (any odd m is its own inverse mod 8) → 96.
            var inverse = m0;
            for (var i = 0; i < 5; i++)
            {
                inverse *= 2 - (m0 * inverse);
            }

            Inverse62 = inverse & (ulong)Mask62;
        }

        public Signed62 Limbs { get; }

        public ulong Inverse62 { get; }
    }

    /// <summary>A 62-bit transition matrix [[U, V], [Q, R]] scaled by 2^62.</summary>
    private readonly record struct Transition(long U, long V, long Q, long R);

    /// <summary>
    /// Σ V_i·2^(62·i). Canonical form: V0..V3 in [0, 2^62), V4 signed and carrying the sign of the number.
    /// </summary>
    internal readonly struct Signed62
    {
        public readonly long V0, V1, V2, V3, V4;

        public Signed62(long v0, long v1, long v2, long v3, long v4)
        {
            V0 = v0;
            V1 = v1;
            V2 = v2;
            V3 = v3;
            V4 = v4;
        }

        public bool IsZero => (V0 | V1 | V2 | V3 | V4) == 0;

        public static Signed62 FromLimbs(ulong x0, ulong x1, ulong x2, ulong x3) => new(
            (long)x0 & Mask62,
            (long)((x0 >> 62) | (x1 << 2)) & Mask62,
            (long)((x1 >> 60) | (x2 << 4)) & Mask62,
            (long)((x2 >> 58) | (x3 << 6)) & Mask62,
            (long)(x3 >> 56));

        public static Signed62 Add(in Signed62 a, in Signed62 b) =>
            Carry(a.V0 + b.V0, a.V1 + b.V1, a.V2 + b.V2, a.V3 + b.V3, a.V4 + b.V4);

        public static Signed62 Negate(in Signed62 a) => Carry(-a.V0, -a.V1, -a.V2, -a.V3, -a.V4);

        /// <summary>Writes a value in [0, 2^256) as four 64-bit limbs.</summary>
        public void ToLimbs(out ulong x0, out ulong x1, out ulong x2, out ulong x3)
        {
            x0 = (ulong)V0 | ((ulong)V1 << 62);
            x1 = ((ulong)V1 >> 2) | ((ulong)V2 << 60);
            x2 = ((ulong)V2 >> 4) | ((ulong)V3 << 58);
            x3 = ((ulong)V3 >> 6) | ((ulong)V4 << 56);
        }

        // Restores canonical form after limb-wise arithmetic by pushing signed carries upwards.
        private static Signed62 Carry(long v0, long v1, long v2, long v3, long v4)
        {
            v1 += v0 >> 62;
            v2 += v1 >> 62;
            v3 += v2 >> 62;
            v4 += v3 >> 62;
            return new Signed62(v0 & Mask62, v1 & Mask62, v2 & Mask62, v3 & Mask62, v4);
        }
    }
}
