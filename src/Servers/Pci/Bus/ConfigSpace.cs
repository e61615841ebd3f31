namespace Minix3.Cosmos.Servers.Pci.Bus
{
    // Configuration space access, mechanism #1: the dword address of a
    // register goes to 0xCF8, its bytes come and go through 0xCFC-0xCFF.
    // Behind an interface so enumeration and claims run over a fake bus in
    // the host tests (test/Unit/Servers/Pci).
    public interface IConfigSpace
    {
        // Width 1, 2 or 4 bytes at offset (0..255, aligned to the width) of
        // function `address` (Lib.Ipc.PciAddress). Absent functions read
        // all ones.
        uint Read(int address, int offset, int width);
        void Write(int address, int offset, int width, uint value);
    }

    public static class ConfigAddress
    {
        public const ushort AddressPort = 0xCF8;
        public const ushort DataPort = 0xCFC;

        // What 0xCF8 takes: enable bit, bus, device, function, dword register.
        // PciAddress is bus << 8 | device << 3 | function, which is exactly
        // bits 8..23 here.
        public static uint Encode(int address, int offset) => 0x8000_0000u | ((uint)address & 0xFFFF) << 8 | ((uint)offset & 0xFC);

        // The data port for a byte, word or dword at `offset`.
        public static ushort DataPortFor(int offset) => (ushort)(DataPort + (offset & 3));

        // A well-formed access: width 1, 2 or 4, inside the 256 bytes, aligned.
        public static bool Valid(int offset, int width) =>
            (width == 1 || width == 2 || width == 4) && offset >= 0 && offset + width <= 256 && (offset & (width - 1)) == 0;
    }

    // Registers of the configuration header that pci reads (PCI Local Bus 3.0, 6.1).
    public static class Header
    {
        public const int VendorId = 0x00, DeviceId = 0x02, Command = 0x04, Revision = 0x08, ProgrammingInterface = 0x09;
        public const int Subclass = 0x0A, ClassCode = 0x0B, HeaderType = 0x0E, Bar0 = 0x10, SecondaryBus = 0x19;
        public const int CardbusCis = 0x28, ExpansionRom = 0x30, BridgeExpansionRom = 0x38, InterruptLine = 0x3C, InterruptPin = 0x3D;

        public const uint CommandIo = 1, CommandMemory = 2, CommandBusMaster = 4;
        public const int MultiFunction = 0x80;
        public const int TypeDevice = 0, TypeBridge = 1, TypeCardbus = 2;

        // How many BAR registers each header type has.
        public static int BarCount(int headerType) => (headerType & 0x7F) switch { TypeDevice => 6, TypeBridge => 2, TypeCardbus => 1, _ => 0 };
    }
}
