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
    public enum Trap
    {
        Send = 1,
        Receive = 2,
        SendRec = 3,
        Notify = 4,
        SendAsync = 5,
        KernelCall = 6,
    }

    public static class TrapVector
    {
        public const int Number = 0x80;
    }
}
