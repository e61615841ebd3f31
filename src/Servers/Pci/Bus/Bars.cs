using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Servers.Pci.Bus
{
    // One decoded base address register. Kind 0: not implemented.
    public struct Bar
    {
        public int Kind;      // PciBarKind
        public int Flags;     // PciBarFlags
        public ulong Base;
        public ulong Size;

        public bool Present => Kind != 0;

        // The firmware gave it an address (a BAR at 0 is unassigned: pci grants nothing for it).
        public bool Assigned => Present && Base != 0;
    }

    // The standard sizing probe (PCI Local Bus 3.0, 6.2.5.1): write all ones,
    // read back which address bits stick; the size is the lowest one set.
    public static class Bars
    {
        // `original` is what the register held, `probed` what it read after
        // all ones were written; the High pair is the next register's, for
        // a 64-bit memory BAR (ignored otherwise).
        public static Bar Decode(uint original, uint probed, uint originalHigh = 0, uint probedHigh = 0)
        {
            Bar bar = default;
            if ((original & 1) != 0)
            {
                // I/O: bits 0..1 are flags; a 16-bit decoder may read its upper half as 0.
                uint mask = probed & 0xFFFF_FFFC;
                if (mask == 0)
                    return bar;
                if ((mask & 0xFFFF_0000) == 0)
                    mask |= 0xFFFF_0000;
                bar.Kind = PciBarKind.Io;
                bar.Base = original & 0xFFFF_FFFC;
                bar.Size = (ulong)(~mask + 1);
                return bar;
            }
            // Memory: bits 0..3 are flags; type 2 in bits 1..2 is 64 bits wide.
            bool wide = ((original >> 1) & 3) == 2;
            ulong probedMask = (wide ? (ulong)probedHigh << 32 : 0xFFFF_FFFF_0000_0000UL) | (probed & 0xFFFF_FFF0);
            if ((probed & 0xFFFF_FFF0) == 0 && (!wide || probedHigh == 0))
                return bar;
            bar.Kind = PciBarKind.Memory;
            bar.Flags = ((original & 8) != 0 ? PciBarFlags.Prefetchable : 0) | (wide ? PciBarFlags.Wide : 0);
            bar.Base = (wide ? (ulong)originalHigh << 32 : 0) | (original & 0xFFFF_FFF0);
            bar.Size = ~probedMask + 1;
            return bar;
        }

        // A memory BAR that is 64 bits wide uses the next register too.
        public static bool IsWide(uint original) => (original & 1) == 0 && ((original >> 1) & 3) == 2;
    }
}
