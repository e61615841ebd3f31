namespace Minix3.Cosmos.Boot.Uefi
{
    // Where the kernel is and where it must be. Usually the same: the loader
    // gets the kernel's physical range from the firmware and copies it there.
    // OVMF, though, keeps boot-services data in the low megabytes (its early
    // page tables and heap) until ExitBootServices. Such memory is free once
    // the firmware is gone, so the kernel is then staged elsewhere and moved
    // into place by the machine-code page after the exit (Length != 0).
    internal struct KernelPlacement
    {
        internal uint Entry;
        internal uint Destination, Source, Length;
    }
}
