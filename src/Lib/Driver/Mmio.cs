using System.Runtime.CompilerServices;

namespace Minix3.Cosmos.Lib.Driver
{
    // A device's memory-mapped registers (a memory BAR mapped with
    // Devices.Map, uncached). Every access is a call the compiler cannot
    // inline, so it can neither drop a repeated read of a status register
    // nor move a register write before the descriptor stores it publishes.
    public readonly unsafe struct Mmio
    {
        private readonly ulong _base;

        public Mmio(ulong mapped) => _base = mapped;

        [MethodImpl(MethodImplOptions.NoInlining)]
        public uint Read(int offset) => *(uint*)(_base + (ulong)offset);

        [MethodImpl(MethodImplOptions.NoInlining)]
        public void Write(int offset, uint value) => *(uint*)(_base + (ulong)offset) = value;
    }
}
