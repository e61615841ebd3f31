namespace Minix3.Cosmos.Servers.Iommu.Acpi
{
    // The DMA Remapping table (ACPI "DMAR", Intel VT-d specification ch. 8):
    // after the header, the host address width, flags and ten reserved
    // bytes, a list of remapping structures, each starting with its type
    // and length (16 bits each). We use the first DRHD (DMA remapping
    // hardware unit definition, type 0) of segment 0: its register base,
    // and whether it covers every PCI device not claimed by another unit
    // (INCLUDE_PCI_ALL). RMRRs (type 1: memory a device keeps using for
    // the firmware, such as USB legacy emulation) are counted so the log
    // can say they are not honoured: none of our drivers' devices has one.
    public static unsafe class DmarTable
    {
        private const int StructuresAt = AcpiTables.HeaderBytes + 12;
        private const ushort Drhd = 0, Rmrr = 1;

        public struct Unit
        {
            public ulong RegisterBase;
            public bool IncludesAll;
            public int HostAddressWidth;   // bits the platform's DMA addresses have
            public int Units;              // DRHDs in the table
            public int ReservedRegions;    // RMRRs in the table
        }

        // False (and why) when the table has no usable unit or a structure
        // runs past its end.
        public static bool Parse(byte* table, uint length, out Unit unit, out string problem)
        {
            unit = default;
            problem = "";
            if (length < StructuresAt)
            {
                problem = "the table is too short";
                return false;
            }
            unit.HostAddressWidth = table[AcpiTables.HeaderBytes] + 1;
            bool found = false;
            for (uint at = StructuresAt; at < length;)
            {
                if (at + 4 > length)
                {
                    problem = "a structure runs past the table's end";
                    return false;
                }
                ushort type = *(ushort*)(table + at), size = *(ushort*)(table + at + 2);
                if (size < 4 || at + size > length)
                {
                    problem = "a structure has a bad length";
                    return false;
                }
                if (type == Drhd && size >= 16)
                {
                    unit.Units++;
                    ushort segment = *(ushort*)(table + at + 6);
                    if (!found && segment == 0)
                    {
                        found = true;
                        unit.IncludesAll = (table[at + 4] & 1) != 0;
                        unit.RegisterBase = *(ulong*)(table + at + 8);
                    }
                }
                else if (type == Rmrr)
                    unit.ReservedRegions++;
                at += size;
            }
            if (!found)
                problem = "no remapping unit for PCI segment 0";
            return found;
        }
    }
}
