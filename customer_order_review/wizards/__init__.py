from . import sale_order_review_decision
from . import sale_order_review_answer
