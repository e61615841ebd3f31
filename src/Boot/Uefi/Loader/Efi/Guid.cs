using System.Runtime.InteropServices;

namespace Minix3.Cosmos.Boot.Uefi.Efi
{
    // EFI_GUID: the first three fields little-endian, the last eight bytes as written.
    [StructLayout(LayoutKind.Sequential)]
    internal struct Guid
    {
        internal uint Data1;
        internal ushort Data2, Data3;
        internal ulong Data4;

        internal Guid(uint a, ushort b, ushort c, byte d0, byte d1, byte d2, byte d3, byte d4, byte d5, byte d6, byte d7)
        {
            Data1 = a;
            Data2 = b;
            Data3 = c;
            Data4 = d0 | (ulong)d1 << 8 | (ulong)d2 << 16 | (ulong)d3 << 24 | (ulong)d4 << 32 | (ulong)d5 << 40 | (ulong)d6 << 48 | (ulong)d7 << 56;
        }

        internal readonly bool Equals(in Guid other) => Data1 == other.Data1 && Data2 == other.Data2 && Data3 == other.Data3 && Data4 == other.Data4;

        internal static Guid LoadedImage => new(0x5B1B31A1, 0x9562, 0x11D2, 0x8E, 0x3F, 0x00, 0xA0, 0xC9, 0x69, 0x72, 0x3B);
        internal static Guid SimpleFileSystem => new(0x964E5B22, 0x6459, 0x11D2, 0x8E, 0x39, 0x00, 0xA0, 0xC9, 0x69, 0x72, 0x3B);
        internal static Guid GraphicsOutput => new(0x9042A9DE, 0x23DC, 0x4A38, 0x96, 0xFB, 0x7A, 0xDE, 0xD0, 0x80, 0x51, 0x6A);
        internal static Guid Acpi20 => new(0x8868E871, 0xE4F1, 0x11D3, 0xBC, 0x22, 0x00, 0x80, 0xC7, 0xC3, 0xC8, 0x8E);
        internal static Guid Acpi10 => new(0xEB9D2D30, 0x2D88, 0x11D3, 0x9A, 0x16, 0x00, 0x90, 0x27, 0x3F, 0xC1, 0x4D);
    }
}
