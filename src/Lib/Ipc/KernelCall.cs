namespace Minix3.Cosmos.Lib.Ipc
{
    // Kernel calls (MINIX's system task), each permitted per component by its
    // policy. The number is the bit in the privilege table's call mask; the
    // message layouts are declared in KernelCallMessages.cs. UMap, Fork, Exec,
    // Brk and Dma are not calls into the kernel but requests to the memory
    // manager (vm, VmMessages.cs); their bits are the policy's word on who
    // may make them, and vm reads them from the requester's table.
    public enum KernelCall
    {
        DevIo = 0,          // one port read/write
        VDevIo = 1,         // a vector of port reads/writes
        IrqCtl = 2,         // enable/disable an IRQ line (delivered as notifications)
        UMap = 3,           // may ask vm to map device memory its table lists
        SetAlarm = 4,       // notification after a delay
        SafeCopyFrom = 5,   // copy from another component's memory through a grant
        SafeCopyTo = 6,     // copy to another component's memory through a grant
        SetGrant = 7,       // publish the caller's grant table
        PrivCtl = 8,        // install or change a component's privileges (RS)
        Fork = 9,           // may ask vm to fork a process (PM)
        Exec = 10,          // may ask vm to exec or spawn a program (PM, RS)
        Exit = 11,
        Kill = 12,
        GetInfo = 13,       // kernel information
        Times = 14,         // clock ticks
        StateCtl = 15,      // stop/resume a component (RS, for updates)
        DiagCtl = 16,       // diagnostic output on the kernel console
        Brk = 17,           // may ask vm for more zeroed memory at the end of its image (its heap grows)
        SetIds = 18,        // a process's effective uid and gid (PM, which owns users)
        VmCtl = 19,         // the memory manager's primitives: map frames, stage and swap address spaces
        PrivAdd = 20,       // add an I/O range, memory range or IRQ line to a component's privileges (pci)
        Dma = 21,           // may ask vm for physically contiguous, pinned memory and its physical address
        Mutate = 22,        // swap bytes in another component's mapped pages, code included (RS's binary fault injection)
        Count = 23,
    }
}
