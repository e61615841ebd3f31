using System;

namespace Minix3.Cosmos.Swifi.Mutation;

// The random choices of one fault, a pure function of (seed, label, id, type):
// a campaign that resumes at fault 4711 makes exactly the fault it would have
// made had it never stopped, whatever it made before. SplitMix64 over a
// stable mix of the four (string.GetHashCode differs between runs, so the
// label goes through FNV-1a).
internal sealed class FaultRandom
{
    private ulong _state;

    public FaultRandom(ulong seed, string label, long id, FaultType type)
    {
        _state = seed;
        _state = Mix(_state ^ Fnv1a(label));
        _state = Mix(_state ^ (ulong)id);
        _state = Mix(_state ^ (ulong)type);
    }

    public ulong Next()
    {
        _state += 0x9E3779B97F4A7C15;
        return Mix(_state);
    }

    // A number in [0, bound); bound > 0. The modulo bias (bound << 2^64) is irrelevant here.
    public int Below(int bound) =>
        bound > 0 ? (int)(Next() % (ulong)bound) : throw new ArgumentOutOfRangeException(nameof(bound));

    public bool Coin() => (Next() & 1) != 0;

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }

    private static ulong Fnv1a(string text)
    {
        ulong hash = 0xCBF29CE484222325;
        foreach (char c in text)
        {
            hash ^= c;
            hash *= 0x100000001B3;
        }
        return hash;
    }
}
