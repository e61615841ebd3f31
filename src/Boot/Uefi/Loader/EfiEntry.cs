// The UEFI boot loader (\EFI\BOOT\BOOTX64.EFI). The firmware starts it from the
// ESP, USB stick or CD it booted; it reads \boot\kernel.elf, every module named
// in \boot\modules.txt and \boot\cmdline from that same volume, adds what only
// the firmware knows as small text modules (framebuffer, acpi), leaves boot
// services and enters the kernel exactly as a Multiboot 1 loader would: 32-bit
// protected mode, paging off, EAX = 0x2BADB002, EBX = the information. So the
// kernel has one boot protocol for QEMU -kernel, GRUB and UEFI.
// Errors are one line on the console and COM1 (Console.Fatal).
using System.Runtime;
using Minix3.Cosmos.Boot.Uefi.Efi;

namespace Minix3.Cosmos.Boot.Uefi
{
    internal static unsafe class EfiEntry
    {
        private const string CommandLinePath = "\\boot\\cmdline";

        // ilc wants a Main; the firmware calls EfiMain (lld-link /entry).
        public static void Main()
        {
        }

        [RuntimeExport("EfiMain")]
        public static ulong EfiMain(void* image, SystemTable* system)
        {
            BootServices* boot = system->BootServices;
            Console.Attach(image, system);
            boot->SetWatchdogTimer(0, 0, 0, null);   // the firmware's 5-minute reset would cut a slow load short
            MachineCode.Install(boot);
            PhysicalPages.Attach(boot);
            BootVolume volume = Start(image, system);
            Console.Line(MultibootInfo.LoaderName);

            KernelPlacement kernel = KernelImage.Load(volume, boot);
            var info = new MultibootInfo();
            info.SetCommandLine(CommandLine(volume));
            BootModules.Load(volume, info);
            FirmwareTables.AddFramebuffer(boot, info);
            FirmwareTables.AddAcpi(system, info);
            Console.Line("modules: " + Number.Decimal((ulong)info.ModuleCount) + "; leaving boot services");

            Handoff.ExitBootServices(image, boot, info);
            MachineCode.EnterKernel(kernel.Entry, info.Address, kernel.Destination, kernel.Source, kernel.Length);
            return Status.InvalidParameter;   // not reached
        }

        // The corelib needs the loaded image (for its own sections) before the
        // first object; the file system needs objects. Both come from LoadedImage.
        private static BootVolume Start(void* image, SystemTable* system)
        {
            Guid id = Guid.LoadedImage;
            LoadedImage* self;
            if (Status.IsError(system->BootServices->HandleProtocol(image, &id, (void**)&self)))
                Console.Fatal("the firmware gives no LoadedImage protocol for the loader");
            RuntimeStartup.Initialize(system->BootServices, self->ImageBase);
            return BootVolume.Open(image, system->BootServices, out _);
        }

        // GRUB's form: the kernel's path, then the words of \boot\cmdline's first line.
        private static string CommandLine(BootVolume volume)
        {
            string? text = BootModules.ReadText(volume, CommandLinePath, required: false);
            if (text == null)
                return "/boot/kernel.elf";
            int end = 0;
            while (end < text.Length && text[end] != '\n' && text[end] != '\r')
                end++;
            return "/boot/kernel.elf " + text.Substring(0, end);
        }
    }
}
