using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Servers.Pci.Bus
{
    // One function found on the bus, and who holds it.
    public sealed class PciFunction
    {
        public const int MaxBars = 6;

        public int Address;          // PciAddress
        public ushort Vendor, Device;
        public int Class;            // class << 16 | subclass << 8 | programming interface
        public byte Revision, HeaderType, InterruptLine, InterruptPin;
        public readonly Bar[] Bars = new Bar[MaxBars];

        // The driver that claimed it (0: nobody yet) and its label: a
        // claim by the same label after that endpoint died is its restart.
        public int Owner;
        public string OwnerLabel = "";

        public bool IsBridge => (HeaderType & 0x7F) == Header.TypeBridge;

        // The line a driver gets: one the PIC has (1..15 but the cascade),
        // and only when the function has an interrupt pin.
        public int Irq => InterruptPin != 0 && InterruptLine > 0 && InterruptLine < 16 && InterruptLine != 2 ? InterruptLine : -1;

        public uint Id => (uint)Vendor | (uint)Device << 16;

        public int BarMask
        {
            get
            {
                int mask = 0;
                for (int i = 0; i < MaxBars; i++)
                    mask |= Bars[i].Present ? 1 << i : 0;
                return mask;
            }
        }

        // pci's log line: "00:01.1 8086:7010 class 01.01.80 irq - bar4 io 0xc040/0x10".
        public string Describe()
        {
            string text = string.Concat(
                PciAddress.Bus(Address).ToString("x2"), ":", PciAddress.Device(Address).ToString("x2"), ".", PciAddress.Function(Address).ToString(), " ",
                Vendor.ToString("x4"), ":", Device.ToString("x4"), " class ",
                ((Class >> 16) & 0xFF).ToString("x2"), ".", ((Class >> 8) & 0xFF).ToString("x2"), ".", (Class & 0xFF).ToString("x2"),
                " irq ", Irq < 0 ? "-" : Irq.ToString());
            for (int i = 0; i < MaxBars; i++)
            {
                if (!Bars[i].Present)
                    continue;
                text = string.Concat(text, " bar", i.ToString(), Bars[i].Kind == PciBarKind.Io ? " io 0x" : " mem 0x",
                    Bars[i].Base.ToString("x"), "/0x", Bars[i].Size.ToString("x"),
                    (Bars[i].Flags & PciBarFlags.Prefetchable) != 0 ? " pf" : "", (Bars[i].Flags & PciBarFlags.Wide) != 0 ? " 64" : "");
            }
            return text;
        }
    }
}
