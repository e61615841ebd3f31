using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Kernel.KernelCalls
{
    // StateCtl (StateCtlMessage) — Stop or Resume Target. A stopped
    // process keeps its state and messages but is never scheduled (RS uses
    // this around a live update). PowerOff (with the run's ExitStatus) and
    // Reboot end the whole system: PM's shutdown, after the file systems
    // are synced; Target is not used. Mutate is RS's too.
    internal static unsafe class StateCtl
    {
        internal static int Handle(Process caller, StateCtlMessage* message)
        {
            if (message->Operation == StateCtlMessage.PowerOff)
            {
                Arch.X64.Power.PowerOff(message->ExitStatus == 0 ? Arch.X64.Power.StatusSuccess : Arch.X64.Power.StatusFailure);
                return Status.Ok;
            }
            if (message->Operation == StateCtlMessage.Reboot)
            {
                Arch.X64.Power.Reboot();
                return Status.Ok;
            }
            Process? target = KernelServices.Processes.Lookup(new Endpoint(message->Target));
            if (target == null)
                return Status.DeadEndpoint;
            if (target == caller)
                return Status.BadArgument;
            if (message->Operation == StateCtlMessage.Stop)
            {
                if (!target.IsStopped)
                    KernelServices.Scheduler.Block(target, ProcessFlags.Stopped);
                return Status.Ok;
            }
            if (message->Operation == StateCtlMessage.Resume)
            {
                if (target.IsStopped)
                    KernelServices.Scheduler.Unblock(target, ProcessFlags.Stopped);
                return Status.Ok;
            }
            return Status.BadArgument;
        }

        // Mutate (MutateMessage) — RS's binary fault injection (swifi):
        // swaps bytes in another component's code. Why ring 0: code pages
        // are read-only to their owner and reachable by no one else. Code
        // only: never data or device memory. Each instance's code is frames
        // of its own (vm's spawn copies the program), so a change dies with
        // the instance and a restart runs the pristine program.
        internal static int Mutate(Process caller, MutateMessage* message)
        {
            Process? target = KernelServices.Processes.Lookup(new Endpoint(message->Target));
            var space = target == null ? null : KernelServices.Host.SpaceOf(target);
            ulong address = (ulong)message->Address, length = (ulong)(uint)message->Length;
            byte* old = stackalloc byte[MutateMessage.MaxBytes];
            if (target == null || target == caller || space == null || length == 0 || length > MutateMessage.MaxBytes)
                return target == null ? Status.DeadEndpoint : Status.BadArgument;
            // Both ends: the bytes span at most two pages.
            if (!space.IsExecutable(address) || !space.IsExecutable(address + length - 1) || !space.CopyIn(address, old, length))
                return Status.BadAddress;
            space.Fill(address, message->Bytes, length);
            for (ulong i = 0; i < length; i++)
                message->Bytes[i] = old[i];
            return Status.Ok;
        }
    }
}
