using Minix3.Cosmos.Kernel.Ipc;
using Minix3.Cosmos.Kernel.KernelCalls;
using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Kernel.Arch.X64
{
    // `int 0x80` from a component: the IPC primitives and kernel calls, with
    // the register ABI of src/Lib/Ipc/Traps.cs (trap in rax, arguments in
    // rdi, rsi, rdx, result in rax). A trap that completes writes its status
    // now; a blocked caller gets its result later, from whoever releases it.
    internal static unsafe class TrapHandler
    {
        // The IPC fast path (IpcEngine.Fast): a client's SendRec to a waiting
        // server, the server's reply and its next Receive. False = not taken,
        // nothing changed: Handle does the trap.
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        internal static bool TryFast(InterruptFrame* frame, Process caller)
        {
            var endpoint = new Endpoint((int)frame->Rdi);
            switch (frame->Rax)
            {
                case (ulong)Trap.SendRec:
                    return KernelServices.Ipc.TryFastSendRec(caller, endpoint, frame->Rsi);
                case (ulong)Trap.Receive:
                    return KernelServices.Ipc.TryFastReceive(caller, endpoint, frame->Rsi);
                case (ulong)Trap.Send:
                    if (!KernelServices.Ipc.TryFastSend(caller, endpoint, frame->Rsi))
                        return false;
                    frame->Rax = Status.Ok;
                    return true;
                case (ulong)Trap.KernelCall:
                    int status = KernelCallTable.Dispatch(caller, frame->Rdi, frame->Rsi);
                    // An Exit (or a Kill of itself) has ended the caller: its frame is no longer its.
                    if (!caller.IsFree)
                        frame->Rax = (ulong)(long)status;
                    return true;
                default:
                    return false;
            }
        }

        // Every other trap (TryFast always takes a kernel call).
        internal static void Handle(InterruptFrame* frame, Process caller)
        {
            var destination = new Endpoint((int)frame->Rdi);
            ulong buffer = frame->Rsi;
            long trap = (long)frame->Rax;
            IpcEngine ipc = KernelServices.Ipc;
            IpcResult result = trap switch
            {
                (long)Trap.Send => ipc.Send(caller, destination, buffer),
                (long)Trap.Receive => ipc.Receive(caller, destination, buffer),
                (long)Trap.SendRec => ipc.SendRec(caller, destination, buffer),
                (long)Trap.Notify => ipc.Notify(caller, destination),
                (long)Trap.SendAsync => ipc.SendAsync(caller, destination, buffer),
                (long)Trap.FaultEntry => IpcResult.Completed(HardwareExceptions.Register(caller, frame->Rdi)),
                _ => IpcResult.Completed(Status.BadTrap),
            };
            // A caller that has ended has no frame to write to.
            if (result.IsBlocked || caller.IsFree)
                return;
            frame->Rax = (ulong)(long)result.Status;
            // IPC the policy forbids is logged with the component's name.
            if (result.Status == Status.NotAllowed)
                Denied.Log(caller, "IPC to endpoint", (ulong)(uint)destination.Value);
        }
    }
}
