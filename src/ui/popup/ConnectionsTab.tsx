import { ConnectionDetails } from "../connections/ConnectionDetails";
import { ConnectionList } from "../connections/ConnectionList";
import { useConnections } from "../connections/useConnections";

interface ConnectionsTabProps {
  /** The connection whose details are shown; null for the list. */
  detailsId: string | null;
  onDetails: (id: string | null) => void;
  onCreate: () => void;
}

/** The popup's Connections tab: the list, or one connection's details. The list stays loaded (and in sync) behind the details. */
export function ConnectionsTab({ detailsId, onDetails, onCreate }: ConnectionsTabProps) {
  const connections = useConnections();
  return (
    <>
      <div hidden={detailsId !== null}>
        <ConnectionList connections={connections} onDetails={onDetails} onCreate={onCreate} />
      </div>
      {detailsId !== null && <ConnectionDetails key={detailsId} id={detailsId} onBack={() => onDetails(null)} />}
    </>
  );
}
