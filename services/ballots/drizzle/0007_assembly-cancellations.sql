CREATE TABLE "assembly_cancellations" (
	"ballot_id" uuid NOT NULL,
	"community_id" uuid NOT NULL,
	"meeting_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"cancelled_at" timestamp with time zone NOT NULL,
	CONSTRAINT "assembly_cancellations_community_id_ballot_id_pk" PRIMARY KEY("community_id","ballot_id")
);
