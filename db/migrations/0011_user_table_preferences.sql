CREATE TABLE "user_table_preferences" (
	"user_id" bigint NOT NULL,
	"model_key" varchar(100) NOT NULL,
	"columns" text,
	"per_page" integer,
	"last_updated" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "user_table_preferences_user_id_model_key_pk" PRIMARY KEY("user_id","model_key")
);
--> statement-breakpoint
ALTER TABLE "user_table_preferences" ADD CONSTRAINT "user_table_preferences_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;