"""What sending a message costs the database, as the send page runs it: the checks, the
write, and each recipient's frame (rendered in the sender's process once it commits)."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chat import services
from forum import services as forum_services
from tests.factories import MemberFactory

# Run as the site runs: the transaction commits and the frames go out (rendered on commit).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def queries_to_send(client, conversation) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            f"/chat/{conversation.pk}/send/",
            {"body": "Hello 你好", "client_id": str(uuid.uuid4())},
            HTTP_HX_REQUEST="true",
        )
    assert response.status_code == 200 and b"Hello" in response.content
    return len(queries)


def test_a_message_costs_a_fixed_number_of_queries(member, other_member, client_for):
    forum_services.follow_member(follower=other_member, member=member, follow=True)
    conversation = services.direct_conversation(sender=member, recipient=other_member)
    client = client_for(member)
    queries_to_send(client, conversation)  # the first message opens the conversation
    # The page's checks (2: everyone's places, members and blocks; a resend), the write
    # (BEGIN, 5, COMMIT), the recipient's unread count for their frame. The frames use the
    # members and places the checks read.
    assert queries_to_send(client, conversation) == 10


def test_a_group_message_costs_one_query_more_per_recipient_and_no_more(member, client_for):
    def group_of(size):
        others = MemberFactory.create_batch(size - 1)
        return services.create_group(creator=member, title="Tea", members=others)

    client = client_for(member)
    small, large = group_of(3), group_of(8)
    queries_to_send(client, small)  # the sender's row and the watched words, cached since
    # Each recipient's unread count is their own; their places are read in one query.
    assert queries_to_send(client, large) == queries_to_send(client, small) + 5
