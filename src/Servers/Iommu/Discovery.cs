using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Servers.Iommu.Acpi;

namespace Minix3.Cosmos.Servers.Iommu
{
    // Finds the DMA remapping unit the firmware describes: the RSDP in the
    // BIOS's read-only area, the root table, the DMAR table among the
    // tables it lists, and the first unit for PCI segment 0. No IOMMU is an
    // answer, not an error: the text says why (the boot log shows it).
    internal static unsafe class Discovery
    {
        // Tables farther apart than this are not mapped as one span (see
        // PhysicalWindows): firmware keeps its ACPI tables together.
        private const ulong MaxSpan = 4 << 20;

        public static bool Find(out DmarTable.Unit unit, out string why)
        {
            unit = default;
            ulong rootAddress;
            bool extended;
            // A UEFI loader found the RSDP in the firmware's configuration
            // table (which may leave the BIOS area empty) and handed it over
            // as the boot module "acpi"; a BIOS machine has it in the BIOS area.
            if (LoaderRsdp.Find(out ulong rsdp))
            {
                if (PhysicalWindows.Map(rsdp, 36, out byte* pointer) != Status.Ok)
                    return Fail("the ACPI RSDP the loader named cannot be mapped", out why);
                if (!AcpiTables.FindRoot(pointer, 36, out rootAddress, out extended))
                    return Fail("no valid ACPI RSDP where the loader said", out why);
            }
            else
            {
                if (PhysicalWindows.Map(AcpiTables.BiosAreaStart, AcpiTables.BiosAreaEnd - AcpiTables.BiosAreaStart, out byte* bios) != Status.Ok)
                    return Fail("the BIOS area cannot be mapped", out why);
                if (!AcpiTables.FindRoot(bios, (int)(AcpiTables.BiosAreaEnd - AcpiTables.BiosAreaStart), out rootAddress, out extended))
                    return Fail("no ACPI RSDP in the BIOS area", out why);
            }
            // The root table: its header says how long it is.
            if (PhysicalWindows.Map(rootAddress, 64 * 1024, out byte* root) != Status.Ok || !AcpiTables.Valid(root, 64 * 1024))
                return Fail("the ACPI root table is unreadable or damaged", out why);
            int count = AcpiTables.EntryCount(root, extended);
            ulong low = ulong.MaxValue, high = 0;
            for (int i = 0; i < count; i++)
            {
                ulong table = AcpiTables.Entry(root, extended, i);
                if (table == 0)
                    continue;
                low = table < low ? table : low;
                high = table > high ? table : high;
            }
            if (high == 0)
                return Fail("the ACPI root table lists no tables", out why);
            // One span over every table's header (the DMAR's body is checked
            // against it below).
            ulong span = high - low + 64 * 1024;
            if (span > MaxSpan || PhysicalWindows.Map(low, span, out byte* tables) != Status.Ok)
                return Fail("the ACPI tables lie too far apart to map", out why);
            for (int i = 0; i < count; i++)
            {
                ulong address = AcpiTables.Entry(root, extended, i);
                if (address < low)
                    continue;
                byte* table = tables + (address - low);
                int available = (int)(span - (address - low));
                if (!AcpiTables.Signature(table, "DMAR"))
                    continue;
                if (!AcpiTables.Valid(table, available))
                    return Fail("the ACPI DMAR table is damaged (length or checksum)", out why);
                if (!DmarTable.Parse(table, AcpiTables.Length(table, available), out unit, out string problem))
                    return Fail("the ACPI DMAR table is unusable: " + problem, out why);
                why = "";
                return true;
            }
            return Fail("no ACPI DMAR table", out why);
        }

        private static bool Fail(string reason, out string why)
        {
            why = reason;
            return false;
        }
    }
}
