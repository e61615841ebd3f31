// The UEFI tables the loader reads (UEFI Specification 2.10, chapter 4). Every
// layout here is a contract with the firmware: fields in specification order,
// natural alignment, UINTN = 8 bytes; services the loader never calls are kept
// as plain pointers so the offsets of the later ones stay right. Calls go
// through `delegate* unmanaged`, which for this image (compiled for Windows x64)
// is the Microsoft x64 ABI that UEFI requires.
using System.Runtime.InteropServices;

namespace Minix3.Cosmos.Boot.Uefi.Efi
{
    [StructLayout(LayoutKind.Sequential)]
    internal struct TableHeader
    {
        internal ulong Signature;
        internal uint Revision, HeaderSize, Crc32, Reserved;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct SystemTable
    {
        internal TableHeader Header;
        internal char* FirmwareVendor;
        internal uint FirmwareRevision;
        internal void* ConsoleInHandle;
        internal SimpleTextInput* ConIn;
        internal void* ConsoleOutHandle;
        internal SimpleTextOutput* ConOut;
        internal void* StandardErrorHandle;
        internal SimpleTextOutput* StdErr;
        internal void* RuntimeServices;
        internal BootServices* BootServices;
        internal nuint NumberOfTableEntries;
        internal ConfigurationTable* ConfigurationTable;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct ConfigurationTable
    {
        internal Guid VendorGuid;
        internal void* VendorTable;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct BootServices
    {
        internal TableHeader Header;
        internal void* RaiseTpl, RestoreTpl;
        internal delegate* unmanaged<AllocateType, MemoryType, nuint, ulong*, ulong> AllocatePages;
        internal delegate* unmanaged<ulong, nuint, ulong> FreePages;
        internal delegate* unmanaged<nuint*, byte*, nuint*, nuint*, uint*, ulong> GetMemoryMap;
        internal delegate* unmanaged<MemoryType, nuint, void**, ulong> AllocatePool;
        internal delegate* unmanaged<void*, ulong> FreePool;
        internal void* CreateEvent, SetTimer;
        internal delegate* unmanaged<nuint, void**, nuint*, ulong> WaitForEvent;
        internal void* SignalEvent, CloseEvent, CheckEvent;
        internal void* InstallProtocolInterface, ReinstallProtocolInterface, UninstallProtocolInterface;
        internal delegate* unmanaged<void*, Guid*, void**, ulong> HandleProtocol;
        internal void* Reserved, RegisterProtocolNotify, LocateHandle, LocateDevicePath, InstallConfigurationTable;
        internal void* LoadImage, StartImage;
        internal delegate* unmanaged<void*, ulong, nuint, char*, ulong> Exit;
        internal void* UnloadImage;
        internal delegate* unmanaged<void*, nuint, ulong> ExitBootServices;
        internal void* GetNextMonotonicCount;
        internal delegate* unmanaged<nuint, ulong> Stall;
        internal delegate* unmanaged<nuint, ulong, nuint, char*, ulong> SetWatchdogTimer;
        internal void* ConnectController, DisconnectController, OpenProtocol, CloseProtocol, OpenProtocolInformation;
        internal void* ProtocolsPerHandle, LocateHandleBuffer;
        internal delegate* unmanaged<Guid*, void*, void**, ulong> LocateProtocol;
    }

    internal enum AllocateType : uint
    {
        AnyPages = 0,
        MaxAddress = 1,
        Address = 2,
    }

    // EFI_MEMORY_TYPE (the memory map's types, and what AllocatePages asks for).
    internal enum MemoryType : uint
    {
        Reserved = 0,
        LoaderCode = 1,
        LoaderData = 2,
        BootServicesCode = 3,
        BootServicesData = 4,
        RuntimeServicesCode = 5,
        RuntimeServicesData = 6,
        Conventional = 7,
        Unusable = 8,
        AcpiReclaim = 9,
        AcpiNvs = 10,
        MemoryMappedIo = 11,
        MemoryMappedIoPortSpace = 12,
        PalCode = 13,
        Persistent = 14,
    }

    // EFI_MEMORY_DESCRIPTOR; entries are DescriptorSize bytes apart (often more than this struct).
    [StructLayout(LayoutKind.Sequential)]
    internal struct MemoryDescriptor
    {
        internal MemoryType Type;
        internal uint Padding;
        internal ulong PhysicalStart, VirtualStart, NumberOfPages, Attribute;
    }

    internal static class Status
    {
        internal const ulong Success = 0;
        private const ulong Error = 1UL << 63;
        internal const ulong InvalidParameter = Error | 2;
        internal const ulong BufferTooSmall = Error | 5;
        internal const ulong NotFound = Error | 14;

        internal static bool IsError(ulong status) => (status & Error) != 0;
    }
}
