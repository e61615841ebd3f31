using System;
using System.Collections.Generic;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;
using Minix3.Cosmos.Servers.Ds.Handlers;
using Minix3.Cosmos.Servers.Ds.Store;

namespace Minix3.Cosmos.Servers.Ds
{
    // The server around the store: who is calling, which handler answers,
    // and telling subscribers that something changed. Every request gets a
    // reply; a handler that throws (it should not) is answered with
    // DataStoreStatus.Failed instead of taking DS down with it.
    internal sealed unsafe class Server
    {
        public DataStore Store { get; } = new DataStore();

        // Subscribers with new changes, filled by the store during a request
        // and notified after the reply has gone out.
        public List<Subscriber> ToNotify { get; } = new List<Subscriber>();

        // DS publishes its own endpoint under its label, owned by itself, so
        // clients can find it through DS like anyone else (and so there is
        // always an entry nobody else may change).
        public int Start()
        {
            Endpoint self = ProcessTable.EndpointOf(DataStoreKeys.DataStoreLabel);
            if (self.IsNone)
                return Status.DeadEndpoint;
            var caller = new Caller(DataStoreKeys.DataStoreLabel, self);
            return Store.Publish(caller, DataStoreKeys.DataStoreLabel, EntryValue.OfLabel(self), 0, ToNotify);
        }

        // The caller behind a request's Source, as the kernel describes it
        // (neither its label nor its uid can be forged): a component by its
        // label, a user program by its uid (Caller.User). False when it has
        // no entry in the process table (it ended after sending).
        public bool Identify(Message* request, out Caller caller)
        {
            var endpoint = new Endpoint(request->Source);
            caller = default;
            if (!Endpoints.Describe(endpoint.Value, out ProcessInfo info))
                return false;
            string label = info.LabelText();
            if (label.Length == 0)
                return false;
            caller = info.IsComponent ? new Caller(label, endpoint) : Caller.User(info.Uid, endpoint);
            return true;
        }

        public int Dispatch(Message* request, Message* reply)
        {
            try
            {
                switch (request->Type)
                {
                    case DataStoreRequest.Publish: return PublishHandler.Handle(this, request, reply);
                    case DataStoreRequest.Retrieve: return RetrieveHandler.Handle(this, request, reply);
                    case DataStoreRequest.Delete: return DeleteHandler.Handle(this, request, reply);
                    case DataStoreRequest.Subscribe: return SubscribeHandler.Handle(this, request, reply);
                    case DataStoreRequest.Check: return CheckHandler.Handle(this, request, reply);
                    default: return DataStoreStatus.UnknownRequest;
                }
            }
            catch (Exception e)
            {
                Diagnostics.Print(string.Concat("ds: request ", request->Type.ToString(), " failed: ", e.Kind, ": ", e.Message));
                *reply = default;
                return DataStoreStatus.Failed;
            }
        }

        // Notifications carry no data, so they never block DS and repeated
        // ones coalesce in the kernel. A dead endpoint means the subscriber
        // was restarted (or is gone): look its label up again and notify the
        // new instance, which finds the changes waiting at its next Check.
        public void NotifySubscribers()
        {
            for (int i = 0; i < ToNotify.Count; i++)
            {
                Subscriber subscriber = ToNotify[i];
                int status = Ipc.Notify(subscriber.Endpoint);
                if (status != Status.DeadEndpoint)
                    continue;
                Endpoint current = ProcessTable.EndpointOf(subscriber.Label);
                if (current.IsNone || current == subscriber.Endpoint)
                    continue;
                subscriber.Endpoint = current;
                Ipc.Notify(current);
            }
            ToNotify.Clear();
        }
    }
}
