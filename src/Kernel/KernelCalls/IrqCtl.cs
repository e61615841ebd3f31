using Minix3.Cosmos.Kernel.Arch.X64;
using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Kernel.KernelCalls
{
    // IrqCtl (IrqCtlMessage) — Enable or Disable a line. An enabled
    // line belongs to the caller: its interrupt masks the line and notifies
    // the caller (from Endpoint.Kernel, the line's bit in the notification);
    // the driver re-enables the line when it has handled the device. The
    // timer (0) and the cascade (2) are the kernel's. An owner is held by
    // endpoint, so when it ends nothing needs releasing: its line is free
    // for IrqCtl at once (the endpoint no longer resolves) and the line's
    // next interrupt finds no owner and is masked (Interrupts.Dispatch).
    internal static unsafe class IrqCtl
    {
        private const int Lines = 16;
        // A line nobody owns holds default(Endpoint), slot 0 of generation 0,
        // which no live process has (a slot's first allocation is generation 1).
        private static readonly Endpoint[] s_owners = new Endpoint[Lines];

        internal static int Handle(Process caller, IrqCtlMessage* message)
        {
            long line = message->Line;
            if (line < 0 || line >= Lines)
                return Status.BadArgument;
            if (!caller.Privilege.AllowsIrq((int)line))
            {
                Denied.Log(caller, "irq", (ulong)line);
                return Status.NotAllowed;
            }
            if (line == Interrupts.TimerIrq || line == 2)
                return Status.Busy;
            Endpoint owner = s_owners[line];
            if (owner != caller.Endpoint && KernelServices.Processes.Lookup(owner) != null)
                return Status.Busy;
            if (message->Operation == IrqCtlMessage.Enable)
            {
                s_owners[line] = caller.Endpoint;
                Pic.Unmask((int)line);
                return Status.Ok;
            }
            if (message->Operation == IrqCtlMessage.Disable)
            {
                Pic.Mask((int)line);
                s_owners[line] = default;
                return Status.Ok;
            }
            return Status.BadArgument;
        }

        // From the interrupt path: true when a component owns the line (it
        // has been masked and the owner notified).
        internal static bool Deliver(int line)
        {
            Process? owner = KernelServices.Processes.Lookup(s_owners[line]);
            if (owner == null)
                return false;
            Pic.Mask(line);
            KernelServices.Ipc.NotifyFromKernel(owner, 1UL << line, false);
            return true;
        }
    }
}
