using System;
using System.Collections.Generic;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Servers.Pci.Bus
{
    // pci's rules, apart from the hardware: which device a claim names,
    // whether the claimant's policy lists it, whether another driver holds
    // it, and which configuration registers an owner may write.
    public static class Claims
    {
        // The device a claim asks for, or why not: `ids` are the claimant's
        // `pci` lines (vendor | device << 16). vendor:device 0:0 asks for
        // the index-th present device any line names; otherwise the pair
        // must be a line (NotInPolicy) and the index-th device of that pair
        // present (NoDevice).
        public static int Find(List<PciFunction> devices, ReadOnlySpan<uint> ids, ushort vendor, ushort device, int index, out PciFunction? found)
        {
            found = null;
            if (index < 0)
                return Status.BadArgument;
            bool any = vendor == 0 && device == 0;
            uint wanted = (uint)vendor | (uint)device << 16;
            if (!any && !Lists(ids, wanted))
                return PciStatus.NotInPolicy;
            for (int i = 0; i < devices.Count; i++)
            {
                PciFunction f = devices[i];
                if ((any ? Lists(ids, f.Id) : f.Id == wanted) && index-- == 0)
                {
                    found = f;
                    return Status.Ok;
                }
            }
            return PciStatus.NoDevice;
        }

        public static bool Lists(ReadOnlySpan<uint> ids, uint id)
        {
            for (int i = 0; i < ids.Length; i++)
            {
                if (ids[i] == id)
                    return true;
            }
            return false;
        }

        // One device, one driver: free, already the claimant's, or its
        // holder has ended (a restarted driver, or any driver after the
        // holder is gone for good). `alive` asks the kernel.
        public static bool MayTake(PciFunction device, int claimant, Func<int, bool> alive) =>
            device.Owner == 0 || device.Owner == claimant || !alive(device.Owner);

        // An owner may write every register but those pci keeps: the
        // identity (vendor, device, revision, class, header type) and the
        // address decoders (BARs, the expansion ROM BAR; a bridge's bus
        // numbers and windows too), which decide what the driver's granted
        // ranges mean. Command/status, cache line, latency, interrupt line
        // and the device-specific registers (0x40 and up) are the driver's.
        public static bool MayWrite(PciFunction device, int offset, int width)
        {
            int last = offset + width - 1;
            if (last >= 0x40)
                return offset >= 0x40;
            if (Overlaps(offset, last, 0x00, 0x03) || Overlaps(offset, last, 0x08, 0x0B) || Overlaps(offset, last, 0x0E, 0x0E))
                return false;
            int bars = device.IsBridge ? 0x3B : Header.ExpansionRom + 3;   // a bridge's 0x10..0x3B is all decoders and bus numbers
            return !Overlaps(offset, last, Header.Bar0, bars);
        }

        private static bool Overlaps(int first, int last, int from, int to) => first <= to && last >= from;
    }
}
