namespace Minix3.Cosmos.Servers.Iommu.VtD
{
    // One fault recording register (128 bits, VT-d ch. 10.4.14): the low
    // half is the faulting page's address, the high half the requester
    // (source id: bus << 8 | devfn, PCI's own numbering), the reason, the
    // direction (T set: a read) and F, set while the record holds a fault.
    public readonly struct FaultRecord
    {
        public FaultRecord(ulong low, ulong high)
        {
            Low = low;
            High = high;
        }

        public ulong Low { get; }
        public ulong High { get; }

        public bool Holds => (High >> 63) != 0;
        public int SourceId => (int)(High & 0xFFFF);
        public int Reason => (int)((High >> 32) & 0xFF);
        public bool IsRead => ((High >> 62) & 1) != 0;
        public ulong Address => Low & ~0xFFFUL;

        public static string ReasonText(int reason) => reason switch
        {
            1 => "no root entry",
            2 => "the device has no domain (never handed to a driver)",
            3 => "bad context entry",
            4 => "address beyond the domain's width",
            5 => "write to a page mapped read-only",
            6 => "read of a page mapped without read",
            7 => "address not mapped in the device's domain",
            _ => "reason 0x" + reason.ToString("x"),
        };
    }
}
