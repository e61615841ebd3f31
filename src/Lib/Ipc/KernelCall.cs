namespace Minix3.Cosmos.Lib.Ipc
{
    // Kernel calls (MINIX's system task), each permitted per component by its
    // policy. The number is the bit in the privilege table's call mask; the
    // message layouts are declared in KernelCallMessages.cs.
    public enum KernelCall
    {
        DevIo = 0,          // one port read/write
        VDevIo = 1,         // a vector of port reads/writes
        IrqCtl = 2,         // enable/disable an IRQ line (delivered as notifications)
        UMap = 3,           // map device memory into the caller
        SetAlarm = 4,       // notification after a delay
        SafeCopyFrom = 5,   // copy from another component's memory through a grant
        SafeCopyTo = 6,     // copy to another component's memory through a grant
        SetGrant = 7,       // publish the caller's grant table
        PrivCtl = 8,        // install or change a component's privileges (RS)
        Fork = 9,           // process management helpers (PM)
        Exec = 10,
        Exit = 11,
        Kill = 12,
        GetInfo = 13,       // kernel information
        Times = 14,         // clock ticks
        StateCtl = 15,      // stop/resume a component (RS, for updates)
        DiagCtl = 16,       // diagnostic output on the kernel console
        Brk = 17,           // more zeroed memory at the end of the caller's image (its heap grows)
        SetIds = 18,        // a process's effective uid and gid (PM, which owns users)
        Count = 19,
    }
}
