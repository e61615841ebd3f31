namespace Minix3.Cosmos.Lib.Ipc
{
    // The system-call ABI: a component executes `int 0x80` with the trap
    // number in rax and arguments in rdi, rsi, rdx; the result (a Status)
    // comes back in rax.
    //   Send       rdi = destination endpoint, rsi = Message* (in)
    //   Receive    rdi = source endpoint, Endpoint.Any or Endpoint.Kernel, rsi = Message* (out);
    //              the sender is in the message's Source
    //   SendRec    rdi = destination, rsi = Message* (request in, reply out)
    //   Notify     rdi = destination
    //   SendAsync  rdi = destination, rsi = Message* (in); never blocks
    //   KernelCall rdi = KernelCall number, rsi = Message* (request in, reply out)
    //   FaultEntry rdi = the component's hardware-exception entry (0: none).
    //              Allowed to everyone: it only concerns the caller. A
    //              divide error or a page fault below NullGuardLimit then
    //              resumes there (rdi = vector, rsi = faulting instruction,
    //              rdx = fault address) instead of ending the component, so
    //              the runtime can raise DivideByZero/NullReferenceException.
    public enum Trap
    {
        Send = 1,
        Receive = 2,
        SendRec = 3,
        Notify = 4,
        SendAsync = 5,
        KernelCall = 6,
        FaultEntry = 7,
    }

    public static class TrapVector
    {
        public const int Number = 0x80;

        // Page faults below this address are null dereferences.
        public const ulong NullGuardLimit = 0x10000;
    }
}
