using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;
using Traps = Minix3.Cosmos.Lib.Sys.Ipc;

namespace Minix3.Cosmos.Lib.Driver
{
    // What every driver's main loop does, whatever the device class: take
    // the next message, route kernel notifications (IRQs, alarms) to hooks,
    // answer heartbeat pings at once, hand requests to the device class
    // (CharDriver, BlockDriver), and always reply. Malformed requests get an
    // error reply; nothing a client sends can stop the loop.
    public abstract unsafe class DriverLoop
    {
        protected virtual void Interrupt(ulong irqLines) { }
        protected virtual void Alarm() { }

        // The device class's handling of one request: bytes or a Status.
        private protected abstract long Handle(Endpoint client, Message* message);

        // Serves forever.
        public void Run()
        {
            Message message;
            while (true)
            {
                if (Traps.Receive(Endpoint.Any, &message) != Status.Ok)
                    continue;
                if (message.Type == KernelMessageType.Notification)
                {
                    if (message.Source == Endpoint.Kernel.Value)
                    {
                        if (message.Word1 != 0)
                            Interrupt((ulong)message.Word1);
                        if (message.Word2 != 0)
                            Alarm();
                    }
                    continue;
                }
                var client = new Endpoint(message.Source);
                int request = message.Type;
                long result = request == DriverRequest.Ping ? Status.Ok
                    : message.Word0 < 0 || message.Word0 > int.MaxValue ? DriverStatus.NoSuchDevice
                    : Handle(client, &message);
                Reply(client, request, result, &message);
            }
        }

        // A transfer request's client buffer, or null when its length is
        // out of bounds.
        private protected static bool TryBuffer(Endpoint client, Message* message, out GrantedBuffer buffer)
        {
            buffer = default;
            if (message->Word3 < 0 || message->Word3 > DriverRequest.MaxTransfer)
                return false;
            buffer = new GrantedBuffer(client, new GrantId((int)message->Word2), (int)message->Word3);
            return true;
        }

        // Replies never block the driver: a client that is not waiting (or
        // is gone) cannot stall it. The reply carries Word2/Word3 as the
        // handler left them (Geometry's size and block size).
        private static void Reply(Endpoint client, int request, long result, Message* message)
        {
            long word2 = message->Word2, word3 = message->Word3;
            bool geometry = request == DriverRequest.Geometry;
            *message = default;
            message->Type = DriverRequest.Reply;
            message->Word0 = result;
            message->Word1 = request;
            if (geometry)
            {
                message->Word2 = word2;
                message->Word3 = word3;
            }
            Traps.SendAsync(client, message);
        }
    }
}
