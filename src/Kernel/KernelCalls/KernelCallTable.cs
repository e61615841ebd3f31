using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Kernel.KernelCalls
{
    // The system task's dispatch table: kernel-call number -> handler, one
    // handler per file. Every call is checked against the caller's
    // privilege first (default deny); the handler reads the request and
    // writes the reply in the caller's message.
    internal static unsafe class KernelCallTable
    {
        internal static int Dispatch(Process caller, ulong number, ulong messageAddress)
        {
            if (number >= (ulong)KernelCall.Count)
                return Status.BadKernelCall;
            var call = (KernelCall)number;
            if (!caller.Privilege.AllowsKernelCall(call))
            {
                Denied.Log(caller, "kernel call", number, hex: false);
                return Status.NotAllowed;
            }
            // The reply goes back where the request is: memory the caller
            // cannot write fails here, before the call acts, not after. A
            // message inside one page is worked on in place (the common
            // case); one across pages through a kernel copy.
            Message* inPlace = KernelServices.Host.MessageAt(caller, messageAddress, writable: true);
            return inPlace != null ? Run(caller, call, inPlace) : RunOnCopy(caller, call, messageAddress);
        }

        // Kept out of Dispatch: its kernel copy of the message would cost the
        // common case a stack buffer and its guard.
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        private static int RunOnCopy(Process caller, KernelCall call, ulong messageAddress)
        {
            Message message;
            if (!KernelServices.Host.IsWritable(caller, messageAddress, sizeof(Message)) || !KernelServices.Host.CopyFromProcess(caller, messageAddress, &message, sizeof(Message)))
                return Status.BadAddress;
            int status = Run(caller, call, &message);
            // Exit does not return to the caller; its frame is gone.
            if (call != KernelCall.Exit && !KernelServices.Host.CopyToProcess(caller, messageAddress, &message, sizeof(Message)))
                return Status.BadAddress;
            return status;
        }

        private static int Run(Process caller, KernelCall call, Message* message) => call switch
        {
            KernelCall.DevIo => DevIo.Handle(caller, DevIoMessage.Of(message)),
            KernelCall.VDevIo => VDevIo.Handle(caller, VDevIoMessage.Of(message)),
            KernelCall.IrqCtl => IrqCtl.Handle(caller, IrqCtlMessage.Of(message)),
            KernelCall.SetAlarm => SetAlarm.Handle(caller, SetAlarmMessage.Of(message)),
            KernelCall.SafeCopyFrom => SafeCopy.Handle(caller, SafeCopyMessage.Of(message), toGranter: false),
            KernelCall.SafeCopyTo => SafeCopy.Handle(caller, SafeCopyMessage.Of(message), toGranter: true),
            KernelCall.SetGrant => SetGrant.Handle(caller, SetGrantMessage.Of(message)),
            KernelCall.PrivCtl => PrivCtl.Handle(caller, PrivCtlMessage.Of(message)),
            KernelCall.Exit => Exit.Handle(caller, ExitMessage.Of(message)),
            KernelCall.Kill => Kill.Handle(caller, KillMessage.Of(message)),
            KernelCall.GetInfo => GetInfo.Handle(caller, GetInfoMessage.Of(message)),
            KernelCall.Times => Times.Handle(caller, TimesMessage.Of(message)),
            KernelCall.StateCtl => StateCtl.Handle(caller, StateCtlMessage.Of(message)),
            KernelCall.DiagCtl => DiagCtl.Handle(caller, DiagCtlMessage.Of(message)),
            KernelCall.VmCtl => VmCtl.Handle(caller, message),
            KernelCall.SetIds => SetIds.Handle(SetIdsMessage.Of(message)),
            KernelCall.PrivAdd => PrivCtl.Add(PrivAddMessage.Of(message)),
            KernelCall.Mutate => StateCtl.Mutate(caller, MutateMessage.Of(message)),
            _ => Status.BadKernelCall,
        };
    }
}
