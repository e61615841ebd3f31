using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Servers.Iommu
{
    // The ACPI RSDP's physical address as a UEFI loader hands it over: the
    // boot module "acpi", one line "rsdp=0x<hex>" (src/Boot/Uefi). Absent
    // on a BIOS boot, where the RSDP is found in the BIOS area instead.
    internal static class LoaderRsdp
    {
        public const string Module = "acpi";
        private const string Field = "rsdp=0x";

        public static bool Find(out ulong address)
        {
            address = 0;
            byte[]? text = BootModules.Read(Module);
            return text != null && Parse(text, out address);
        }

        // The first "rsdp=0x..." field of the line; false when there is none
        // or it is not a nonzero hex number that fits in 64 bits.
        public static bool Parse(byte[] text, out ulong address)
        {
            address = 0;
            int at = IndexOf(text, Field);
            if (at < 0)
                return false;
            int digits = 0;
            for (int i = at + Field.Length; i < text.Length && digits <= 16; i++, digits++)
            {
                int value = Hex(text[i]);
                if (value < 0)
                    break;
                address = (address << 4) | (uint)value;
            }
            return digits > 0 && digits <= 16 && address != 0;
        }

        private static int IndexOf(byte[] text, string field)
        {
            for (int start = 0; start + field.Length <= text.Length; start++)
            {
                int i = 0;
                while (i < field.Length && text[start + i] == field[i])
                    i++;
                if (i == field.Length)
                    return start;
            }
            return -1;
        }

        private static int Hex(byte c) =>
            c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }
}
