// The protocols the loader opens (UEFI Specification 2.10: 9.1 Loaded Image,
// 12.3-12.4 Simple Text Input/Output, 12.9 Graphics Output, 13.4-13.5 Simple
// File System and File). Layouts are firmware contracts; see EfiTables.cs.
using System.Runtime.InteropServices;

namespace Minix3.Cosmos.Boot.Uefi.Efi
{
    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct SimpleTextOutput
    {
        internal void* Reset;
        internal delegate* unmanaged<SimpleTextOutput*, char*, ulong> OutputString;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct InputKey
    {
        internal ushort ScanCode;
        internal char UnicodeChar;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct SimpleTextInput
    {
        internal void* Reset;
        internal delegate* unmanaged<SimpleTextInput*, InputKey*, ulong> ReadKeyStroke;
        internal void* WaitForKey;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct LoadedImage
    {
        internal uint Revision;
        internal void* ParentHandle;
        internal SystemTable* SystemTable;
        internal void* DeviceHandle;
        internal void* FilePath;
        internal void* Reserved;
        internal uint LoadOptionsSize;
        internal void* LoadOptions;
        internal byte* ImageBase;
        internal ulong ImageSize;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct SimpleFileSystem
    {
        internal ulong Revision;
        internal delegate* unmanaged<SimpleFileSystem*, File**, ulong> OpenVolume;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct File
    {
        internal const ulong ModeRead = 1;

        internal ulong Revision;
        internal delegate* unmanaged<File*, File**, char*, ulong, ulong, ulong> Open;
        internal delegate* unmanaged<File*, ulong> Close;
        internal void* Delete;
        internal delegate* unmanaged<File*, nuint*, void*, ulong> Read;
        internal void* Write;
        internal delegate* unmanaged<File*, ulong*, ulong> GetPosition;
        internal delegate* unmanaged<File*, ulong, ulong> SetPosition;
    }

    internal enum PixelFormat : uint
    {
        RedGreenBlueReserved8 = 0,
        BlueGreenRedReserved8 = 1,
        BitMask = 2,
        BltOnly = 3,
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct GraphicsModeInfo
    {
        internal uint Version, HorizontalResolution, VerticalResolution;
        internal PixelFormat PixelFormat;
        internal uint RedMask, GreenMask, BlueMask, ReservedMask;
        internal uint PixelsPerScanLine;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct GraphicsMode
    {
        internal uint MaxMode, Mode;
        internal GraphicsModeInfo* Info;
        internal nuint SizeOfInfo;
        internal ulong FrameBufferBase;
        internal nuint FrameBufferSize;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct GraphicsOutput
    {
        internal void* QueryMode, SetMode, Blt;
        internal GraphicsMode* Mode;
    }
}
