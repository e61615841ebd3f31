namespace Minix3.Cosmos.Kernel.Proc;

/// <summary>
/// A set of process-table slots, one bit each: a process's pending notifications (who notified
/// it) and a privilege's resolved IPC targets. A value with its bits inline (no allocation);
/// ProcessTable.SlotCount must be Words * 64.
/// </summary>
public unsafe struct SlotSet
{
    public const int Words = 4;

    private fixed ulong _words[Words];

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public bool Contains(int slot) => (uint)slot < Words * 64 && (_words[slot >> 6] & (1UL << slot)) != 0;

    public void Add(int slot)
    {
        if ((uint)slot < Words * 64)
            _words[slot >> 6] |= 1UL << slot;
    }

    public void Remove(int slot)
    {
        if ((uint)slot < Words * 64)
            _words[slot >> 6] &= ~(1UL << slot);
    }

    public void Clear()
    {
        for (int i = 0; i < Words; i++)
            _words[i] = 0;
    }

    public bool IsEmpty
    {
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        get => (_words[0] | _words[1] | _words[2] | _words[3]) == 0;
    }   // Words == 4

    /// <summary>The lowest slot in the set, or -1 when it is empty.</summary>
    public int Lowest()
    {
        for (int i = 0; i < Words; i++)
        {
            if (_words[i] != 0)
                return i * 64 + System.Numerics.BitOperations.TrailingZeroCount(_words[i]);
        }
        return -1;
    }
}
