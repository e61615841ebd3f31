using Minix3.Cosmos.Boot.Uefi.Efi;

namespace Minix3.Cosmos.Boot.Uefi
{
    // What only the firmware knows, handed to ring-3 servers as small text
    // modules (the kernel reads none of it):
    //   framebuffer: "address=0x<hex> width=<dec> height=<dec> pitch=<dec> bpp=32 format=<bgrx|rgbx>"
    //     when GOP's current mode is a linear 32-bit one (not BltOnly or a bit mask);
    //   acpi: "rsdp=0x<hex>" from the configuration table (ACPI 2.0 entry, else 1.0),
    //     because OVMF need not copy the RSDP into the BIOS area where a BIOS boot finds it.
    internal static unsafe class FirmwareTables
    {
        internal static void AddFramebuffer(BootServices* boot, MultibootInfo info)
        {
            Guid id = Guid.GraphicsOutput;
            GraphicsOutput* gop;
            if (Status.IsError(boot->LocateProtocol(&id, null, (void**)&gop)) || gop == null || gop->Mode == null)
                return;
            GraphicsMode* mode = gop->Mode;
            GraphicsModeInfo* modeInfo = mode->Info;
            string format;
            if (modeInfo->PixelFormat == PixelFormat.BlueGreenRedReserved8)
                format = "bgrx";
            else if (modeInfo->PixelFormat == PixelFormat.RedGreenBlueReserved8)
                format = "rgbx";
            else
                return;
            string line = "address=" + Number.Hex(mode->FrameBufferBase)
                + " width=" + Number.Decimal(modeInfo->HorizontalResolution)
                + " height=" + Number.Decimal(modeInfo->VerticalResolution)
                + " pitch=" + Number.Decimal((ulong)modeInfo->PixelsPerScanLine * 4)
                + " bpp=32 format=" + format;
            BootModules.AddText(info, "framebuffer", line);
            Console.Line("framebuffer: " + line);
        }

        internal static void AddAcpi(SystemTable* system, MultibootInfo info)
        {
            void* rsdp = Find(system, Guid.Acpi20);
            if (rsdp == null)
                rsdp = Find(system, Guid.Acpi10);
            if (rsdp == null)
            {
                Console.Line("acpi: the firmware lists no RSDP");
                return;
            }
            string line = "rsdp=" + Number.Hex((ulong)rsdp);
            BootModules.AddText(info, "acpi", line);
            Console.Line("acpi: " + line);
        }

        private static void* Find(SystemTable* system, Guid id)
        {
            for (nuint i = 0; i < system->NumberOfTableEntries; i++)
            {
                ConfigurationTable* entry = system->ConfigurationTable + i;
                if (entry->VendorGuid.Equals(id))
                    return entry->VendorTable;
            }
            return null;
        }
    }
}
