using System.Collections.Generic;

namespace Minix3.Cosmos.Servers.Pci.Bus
{
    // Walks the buses from bus 0: every device's function 0, functions 1..7
    // of a multi-function device, and the secondary bus behind each
    // PCI-to-PCI bridge (each bus once, whatever the bridges claim). Each
    // function's BARs are sized with decoding switched off, so a BAR full
    // of ones never answers an access meanwhile, and restored after.
    public static class Enumeration
    {
        public const int Buses = 256, Devices = 32, Functions = 8;

        public static List<PciFunction> Scan(IConfigSpace space)
        {
            var found = new List<PciFunction>();
            var seen = new bool[Buses];
            ScanBus(space, 0, found, seen);
            return found;
        }

        private static void ScanBus(IConfigSpace space, int bus, List<PciFunction> found, bool[] seen)
        {
            if (seen[bus])
                return;
            seen[bus] = true;
            for (int device = 0; device < Devices; device++)
            {
                int first = Lib.Ipc.PciAddress.Of(bus, device, 0);
                if (space.Read(first, Header.VendorId, 2) == 0xFFFF)
                    continue;
                int functions = (space.Read(first, Header.HeaderType, 1) & Header.MultiFunction) != 0 ? Functions : 1;
                for (int function = 0; function < functions; function++)
                {
                    int address = Lib.Ipc.PciAddress.Of(bus, device, function);
                    if (space.Read(address, Header.VendorId, 2) == 0xFFFF)
                        continue;
                    PciFunction f = Read(space, address);
                    found.Add(f);
                    if (f.IsBridge)
                    {
                        int secondary = (int)space.Read(address, Header.SecondaryBus, 1);
                        if (secondary != 0)
                            ScanBus(space, secondary, found, seen);
                    }
                }
            }
        }

        public static PciFunction Read(IConfigSpace space, int address)
        {
            var f = new PciFunction
            {
                Address = address,
                Vendor = (ushort)space.Read(address, Header.VendorId, 2),
                Device = (ushort)space.Read(address, Header.DeviceId, 2),
                Revision = (byte)space.Read(address, Header.Revision, 1),
                Class = (int)(space.Read(address, Header.Revision, 4) >> 8),
                HeaderType = (byte)space.Read(address, Header.HeaderType, 1),
                InterruptLine = (byte)space.Read(address, Header.InterruptLine, 1),
                InterruptPin = (byte)space.Read(address, Header.InterruptPin, 1),
            };
            SizeBars(space, f);
            return f;
        }

        private static void SizeBars(IConfigSpace space, PciFunction f)
        {
            int count = Header.BarCount(f.HeaderType);
            uint command = space.Read(f.Address, Header.Command, 2);
            space.Write(f.Address, Header.Command, 2, command & ~(Header.CommandIo | Header.CommandMemory));
            for (int i = 0; i < count; i++)
            {
                int offset = Header.Bar0 + 4 * i;
                uint original = space.Read(f.Address, offset, 4);
                uint probed = Probe(space, f.Address, offset, original);
                uint originalHigh = 0, probedHigh = 0;
                bool wide = Bars.IsWide(original) && i + 1 < count;
                if (wide)
                {
                    originalHigh = space.Read(f.Address, offset + 4, 4);
                    probedHigh = Probe(space, f.Address, offset + 4, originalHigh);
                }
                f.Bars[i] = Bars.Decode(original, probed, originalHigh, probedHigh);
                if (wide)
                    i++;
            }
            space.Write(f.Address, Header.Command, 2, command);
        }

        private static uint Probe(IConfigSpace space, int address, int offset, uint original)
        {
            space.Write(address, offset, 4, 0xFFFF_FFFF);
            uint probed = space.Read(address, offset, 4);
            space.Write(address, offset, 4, original);
            return probed;
        }
    }
}
