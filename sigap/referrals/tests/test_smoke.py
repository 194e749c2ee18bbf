from sigap.referrals.models import Status


def test_a_referral_is_sent(referral):
    assert referral.status == Status.SENT
